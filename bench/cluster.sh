#!/usr/bin/env bash
# Runs chatbench against N chatd nodes (1 or 2) sharing a fresh Postgres
# database, as behind a load balancer: with two, each conversation's visitor
# is on one node and its agent on the other, so every message crosses
# between nodes through the broker.
#
#   bench/cluster.sh NODES SCENARIO [chatbench flags…]
#   bench/cluster.sh 2 steady --conversations 1000 --rate 2000 --duration 60 --json
#
# Needs the release binaries (cargo build --release -p chatd -p chatbench;
# CARGO_TARGET_DIR is honoured) and a Postgres server at CHATD_TEST_PG
# (default postgres://postgres@127.0.0.1:5432, trust auth). The database and
# the data dir are removed at the end; CLUSTER_LOGS=DIR keeps the nodes' logs
# there.
set -euo pipefail

nodes=${1:?usage: bench/cluster.sh NODES SCENARIO [chatbench flags...]}
scenario=${2:?usage: bench/cluster.sh NODES SCENARIO [chatbench flags...]}
shift 2
[[ $nodes == 1 || $nodes == 2 ]] || { echo "NODES is 1 or 2" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${CARGO_TARGET_DIR:-$root/target}/release
server=${CHATD_TEST_PG:-postgres://postgres@127.0.0.1:5432}
db=chatbench_$(date +%s)_$$
url="$server/$db"
work=$(mktemp -d)
pids=()

cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ -n ${CLUSTER_LOGS:-} ]]; then
        mkdir -p "$CLUSTER_LOGS" && cp "$work"/node-*.log "$CLUSTER_LOGS"/ 2>/dev/null || true
    fi
    psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

psql "$server/postgres" -qc "CREATE DATABASE $db" >/dev/null

start_node() {
    local port=$1
    "$bin/chatd" serve --data-dir "$work/data" --database-url "$url" \
        --listen "127.0.0.1:$port" --public-rate-per-min 0 --log warn \
        >"$work/node-$port.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "node on port $port did not become ready:" >&2
    cat "$work/node-$port.log" >&2
    exit 2
}

# The first node creates the schema, the admin and jwt.key; the second
# shares its data dir (the signing key) and database.
start_node 18181
urls=(--url http://127.0.0.1:18181)
if [[ $nodes == 2 ]]; then
    start_node 18182
    urls+=(--node http://127.0.0.1:18182)
fi
password=$(cat "$work/data/initial-admin-password")
"$bin/chatbench" "$scenario" "${urls[@]}" \
    --email admin@localhost --password "$password" "$@"
