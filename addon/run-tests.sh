#!/usr/bin/env bash
# The add-on's tests, from a fresh machine: Node packages (npm ci), Debian's Chromium for the
# sidebar tests, then Node's built-in test runner over test/*.test.js.
# Never `npx playwright install`: it downloads a browser build, which cannot work here.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "addon: installing Node.js and npm (Debian packages)"
  apt_install nodejs npm
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "addon: installing Debian's chromium for the sidebar tests"
  apt_install chromium
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi

node --test test/*.test.js
