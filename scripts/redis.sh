#!/usr/bin/env bash
# A throwaway Redis server (Debian's redis-server) for the job queue's tests, in a temporary
# folder, on a Unix socket, nothing kept on disk. `start` prints a JOBS_URL; `stop` removes it.
set -euo pipefail
dir=${MEDIA_CATALOG_REDIS_DIR:-/tmp/media-catalog-redis}
case "${1:-}" in
  start)
    command -v redis-server >/dev/null 2>&1 || exit 1
    rm -rf "$dir" && mkdir -p "$dir" && chmod 700 "$dir"
    redis-server --port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700 \
      --dir "$dir" --save "" --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/log" >/dev/null
    for _ in $(seq 50); do [ -S "$dir/redis.sock" ] && break; sleep 0.1; done
    [ -S "$dir/redis.sock" ] || exit 1
    echo "unix://$dir/redis.sock?db=0"
    ;;
  stop)
    [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -S "$dir/redis.sock" ] || break; sleep 0.1; done
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
