#!/usr/bin/env bash
# `npm run bench:server`: the Noren server's records throughput and latency on this machine,
# for SQLite and for PostgreSQL (a throw-away cluster, stopped on exit).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
. scripts/env.sh
cargo build --quiet --profile server -p noren-cli
. scripts/postgres.sh
trap pg_stop EXIT
pg_start
node scripts/bench-server.mjs "$@"
