# A throw-away PostgreSQL cluster on a loopback port, for the tests. Source it, then
# `pg_start` (exports NOREN_TEST_POSTGRES_URL) and `pg_stop` (stops it and deletes its files;
# scripts/test.sh calls it from an EXIT trap, so it runs on failure too). Needs Debian's
# postgresql (scripts/setup.sh --browser installs it). As root, the server runs as `postgres`.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
pg_as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_start() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed (scripts/setup.sh --browser)" >&2; return 1; }
  NOREN_PG_DIR=$(mktemp -d /tmp/noren-pg.XXXXXX)
  [ "$(id -u)" -ne 0 ] || chown postgres "$NOREN_PG_DIR"
  pg_as "$bin/initdb" -D "$NOREN_PG_DIR/data" -A trust -U postgres --no-sync >/dev/null
  local port
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  pg_as "$bin/pg_ctl" -D "$NOREN_PG_DIR/data" -l "$NOREN_PG_DIR/log" -w \
    -o "-p $port -k $NOREN_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  export NOREN_PG_DIR NOREN_PG_BIN="$bin" NOREN_PG_PORT="$port"
  export NOREN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}
pg_stop() {
  [ -n "${NOREN_PG_DIR:-}" ] || return 0
  pg_as "$NOREN_PG_BIN/pg_ctl" -D "$NOREN_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$NOREN_PG_DIR"
  NOREN_PG_DIR=""
}
