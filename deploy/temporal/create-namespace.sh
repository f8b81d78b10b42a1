#!/bin/sh
# Registers the namespace the API and worker use, once the frontend answers.
# Same steps as the official compose setup (temporalio/samples-server compose/scripts/create-namespace.sh).
set -eu
. "$(dirname "$0")/lib.sh"

NAMESPACE="${DEFAULT_NAMESPACE:-default}"
wait_for_temporal

if temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "Namespace '${NAMESPACE}' already exists"
else
  temporal operator namespace create --namespace "$NAMESPACE" --retention "${NAMESPACE_RETENTION:-72h}"
  echo "Namespace '${NAMESPACE}' created"
fi
