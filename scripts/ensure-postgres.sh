#!/usr/bin/env bash
# Makes sure the local Postgres the tests use is up: the Postgres store's
# conformance suite and the Postgres integration tests fail (never skip)
# without it. Starts the local cluster if it is down; no install, no Docker.
set -euo pipefail

host=127.0.0.1
port=5432

ready() { pg_isready -q -h "$host" -p "$port"; }

if ! command -v pg_isready >/dev/null 2>&1; then
  echo "ensure-postgres: pg_isready not found; install the postgresql package" >&2
  exit 1
fi
if ready; then
  exit 0
fi

version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$version" ]; then
  echo "ensure-postgres: no cluster under /etc/postgresql and nothing answers on $host:$port" >&2
  exit 1
fi
echo "ensure-postgres: starting the local cluster $version/main" >&2
pg_ctlcluster --skip-systemctl-redirect "$version" main start

for _ in $(seq 1 30); do
  if ready; then
    exit 0
  fi
  sleep 1
done
echo "ensure-postgres: Postgres $version/main did not get ready on $host:$port within 30 s" >&2
exit 1
