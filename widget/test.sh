#!/usr/bin/env bash
# Checks and tests the widget: types, the committed bundle against its
# source, and the browser tests (Debian's Chromium + a real chatd).
#   CHATD_BIN=path/to/chatd  use that binary instead of building target/debug/chatd
#   CHROMIUM=path            another Chromium (default /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> widget: %s\n' "$*" >&2; }

if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  # Debian's package only; never a browser downloaded by playwright.
  step "installing Debian's chromium"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "widget: node >= 20 is needed (found $(node --version))" >&2
  exit 1
fi

if [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1; then
  step "node_modules matches package.json; skipping npm ci"
else
  step "npm ci"
  npm ci --prefer-offline --no-audit --no-fund
fi

step "typecheck (tsc --noEmit)"
npm run --silent typecheck

step "the committed bundle is built from the current source"
npm run --silent check-bundle

if [ -z "${CHATD_BIN:-}" ]; then
  step "cargo build -p chatd (the tests run the real daemon)"
  (cd .. && cargo build -p chatd --locked)
fi

step "browser tests (node --test)"
node --test tests/
