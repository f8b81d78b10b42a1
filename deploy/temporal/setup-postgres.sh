#!/bin/sh
# Creates Temporal's databases on PostgreSQL and brings their schemas to the version this
# admin-tools image ships. Safe to re-run: `create` ignores an existing database and
# `setup-schema -v 0.0` leaves a newer schema version alone, so `update-schema` only applies
# what is missing (this is also how a Temporal upgrade migrates an existing volume).
# Same steps as the official compose setup (temporalio/samples-server compose/scripts/setup-postgres.sh),
# with the connection taken from the environment. The password is read by temporal-sql-tool
# from SQL_PASSWORD, so it never appears on a command line.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
DB_PORT="${DB_PORT:-5432}"
DBNAME="${DBNAME:-temporal}"
VISIBILITY_DBNAME="${VISIBILITY_DBNAME:-temporal_visibility}"
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

echo "Waiting for PostgreSQL at ${POSTGRES_SEEDS}:${DB_PORT}..."
attempt=0
until nc -z -w 5 "$POSTGRES_SEEDS" "$DB_PORT"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL did not accept connections" >&2
    exit 1
  fi
  sleep 2
done

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$DB_PORT" "$@"
}

setup_db() {
  db="$1"
  schema_dir="$2"
  echo "Setting up database '${db}'..."
  sql_tool --db "$db" create
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$schema_dir"
}

setup_db "$DBNAME" "${SCHEMA_ROOT}/temporal/versioned"
setup_db "$VISIBILITY_DBNAME" "${SCHEMA_ROOT}/visibility/versioned"

if [ -n "${APP_DBNAME:-}" ]; then
  echo "Ensuring application database '${APP_DBNAME}' exists..."
  sql_tool --db "$APP_DBNAME" create
fi

echo "PostgreSQL schema setup complete"
