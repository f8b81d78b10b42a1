#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/browser, driven by playwright-core) when it is
# missing. playwright-core downloads no browser of its own; CHROMIUM_PATH points at another binary.
set -euo pipefail

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-browser: no Chromium at $chromium_path; install it (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "setup-browser: installing chromium with apt-get"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
