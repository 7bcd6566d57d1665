#!/usr/bin/env bash
# Runs every check and test of the project: the one command README.md gives
# and .ci/run calls. It installs what the tests need on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*" >&2; }

if ! command -v cargo-nextest >/dev/null 2>&1; then
  step "installing cargo-nextest"
  cargo install --locked cargo-nextest
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "local Postgres (the Postgres store tests fail without it)"
scripts/ensure-postgres.sh

step "cargo nextest (unit and integration tests)"
cargo nextest run --workspace --locked --no-fail-fast

step "doc tests"
cargo test --workspace --doc --locked

step "widget (typecheck, bundle up to date, browser tests in Chromium)"
CHATD_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/chatd" widget/test.sh

step "fuzz targets (fuzz/, ${FUZZ_SECONDS:-20}s each; docs/hardening.md)"
scripts/fuzz.sh
