# Shared by the admin-tools one-shot steps; sourced, not run.

# Waits until the Temporal frontend at TEMPORAL_ADDRESS reports SERVING, then exports
# TEMPORAL_ADDRESS as IPv4:port for the CLI calls that follow (the official compose scripts
# resolve the host the same way to avoid the CLI picking an address the server does not bind).
wait_for_temporal() {
  address="${TEMPORAL_ADDRESS:-temporal:7233}"
  host="${address%:*}"
  port="${address##*:}"
  ip="$(getent ahosts "$host" 2>/dev/null | awk '/STREAM/ && $1 ~ /^[0-9.]+$/ { print $1; exit }' || true)"
  TEMPORAL_ADDRESS="${ip:-$host}:${port}"
  export TEMPORAL_ADDRESS
  echo "Waiting for Temporal at ${address} (${TEMPORAL_ADDRESS})..."
  attempt=0
  until temporal operator cluster health >/dev/null 2>&1; do
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 30 ]; then
      echo "Temporal did not become healthy" >&2
      temporal operator cluster health || true
      return 1
    fi
    sleep 2
  done
  echo "Temporal is serving"
}
