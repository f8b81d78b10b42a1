-- The application's own database, next to Temporal's `temporal` and `temporal_visibility`
-- (those two are created by the temporal-admin-tools step with temporal-sql-tool).
-- PostgreSQL runs files in /docker-entrypoint-initdb.d only when it initialises an empty data
-- directory; deploy/temporal/setup-postgres.sh creates the database again, idempotently, so a
-- volume initialised before this file existed still gets it.
CREATE DATABASE notifications;
