#!/bin/sh
# Registers the custom search attributes the workflows set, then checks that each one is listed
# with its type. On SQL visibility, creating an attribute the namespace already has is a no-op,
# so this runs on every `docker compose up`.
# SEARCH_ATTRIBUTES holds space-separated NAME=Type pairs, e.g. "CompanyId=Keyword StatusId=Keyword".
set -eu
. "$(dirname "$0")/lib.sh"

NAMESPACE="${DEFAULT_NAMESPACE:-default}"
: "${SEARCH_ATTRIBUTES:?}"
wait_for_temporal

set --
for pair in $SEARCH_ATTRIBUTES; do
  set -- "$@" --name "${pair%%=*}" --type "${pair#*=}"
done

# The namespace was just created by another container; give the frontend a few tries to see it.
attempt=0
until temporal operator search-attribute create --namespace "$NAMESPACE" "$@"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 10 ]; then
    echo "Could not register search attributes in namespace '${NAMESPACE}'" >&2
    exit 1
  fi
  sleep 3
done

listed="$(temporal operator search-attribute list --namespace "$NAMESPACE")"
for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  if ! printf '%s\n' "$listed" | grep -Eqi "^[[:space:]]*${name}[[:space:]]+${type}[[:space:]]*$"; then
    echo "Search attribute ${name} (${type}) is not registered in namespace '${NAMESPACE}'" >&2
    exit 1
  fi
  echo "Search attribute ${name} (${type}) is registered"
done
