#!/usr/bin/env bash
# Installs the system browsers the browser test run drives (Debian packages; browser builds cannot
# be downloaded here). Idempotent and quiet: skips apt entirely when both binaries are present.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v firefox-esr >/dev/null 2>&1; then
  echo "browsers: already installed"
else
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium firefox-esr >/dev/null
fi
chromium --version
firefox-esr --version
