#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, in a temporary folder, on a Unix socket.
# `start` prints a database URL; `stop` removes the server and its data.
set -euo pipefail
dir=${MEDIA_CATALOG_PG_DIR:-/tmp/media-catalog-pg}
case "${1:-}" in
  start)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || exit 1
    run=()
    if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || exit 1; run=(runuser -u postgres --); fi
    rm -rf "$dir" && mkdir -p "$dir" && chmod 700 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    "${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
    "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-k $dir -c listen_addresses='' -c fsync=off" start >/dev/null
    "${run[@]}" "$bin/createdb" -h "$dir" -U postgres media_catalog_test
    echo "postgresql+psycopg://postgres@/media_catalog_test?host=$dir"
    ;;
  stop)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
    [ -d "$dir/data" ] && "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
