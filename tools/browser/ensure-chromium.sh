#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed (the console's browser tests drive it with Playwright;
# no browser is ever downloaded by a test tool). Prints the executable's path on stdout.
#   CHROMIUM_PATH set → that executable is used as it is.
set -euo pipefail
log() { printf '[chromium] %s\n' "$*" >&2; }
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "$CHROMIUM_PATH" ]] || { log "CHROMIUM_PATH=$CHROMIUM_PATH is not executable"; exit 1; }
  echo "$CHROMIUM_PATH"
  exit 0
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [[ "$(id -u)" != "0" ]]; then
    log "Chromium is missing; install Debian's package: sudo apt-get install -y chromium"
    exit 1
  fi
  log "installing Debian's chromium package (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
fi
command -v chromium
