#!/usr/bin/env bash
# A throwaway nginx in front of the app for the tests (Debian's nginx, installed by
# `setup.sh --tests`), serving deploy/nginx.conf rendered for loopback, in a temporary folder.
#   scripts/nginx.sh start PORT UPSTREAM MEDIA_ROOT INSTANCE   prints the front URL
#   scripts/nginx.sh stop                                      stops it and removes the folder
# The app behind it runs with MEDIA_ACCEL=nginx and MEDIA_ACCEL_PREFIX=/_accel/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${MEDIA_CATALOG_NGINX_DIR:-/tmp/media-catalog-nginx}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
case "${1:-}" in
  start)
    [ $# -eq 5 ] || { echo "usage: $0 start PORT UPSTREAM MEDIA_ROOT INSTANCE" >&2; exit 2; }
    [ -x "$nginx" ] || { echo "nginx: not installed (scripts/setup.sh --tests installs it)" >&2; exit 1; }
    port=$2 upstream=$3 media=$(realpath "$4") instance=$(realpath "$5")
    rm -rf "$dir" && mkdir -p "$dir/temp"
    sed -e "s|@UPSTREAM@|$upstream|" -e "s|@LISTEN@|127.0.0.1:$port|" \
        -e "s|@PREFIX@|/_accel/|" -e "s|@MEDIA_ROOT@|$media|" -e "s|@INSTANCE@|$instance|" \
        deploy/nginx.conf >"$dir/site.conf"
    # Run as root, nginx's workers would become `nobody` and could not read a private tmp folder.
    user=""; [ "$(id -u)" = 0 ] && user="user $(id -un);"
    cat >"$dir/nginx.conf" <<CONF
$user
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $dir/access.log;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $dir/site.conf;
}
CONF
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >/dev/null 2>"$dir/start.log" || {
      cat "$dir/start.log" "$dir/error.log" >&2 2>/dev/null; exit 1; }
    echo "http://127.0.0.1:$port"
    ;;
  stop)
    [ -f "$dir/nginx.pid" ] && "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -s quit 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$dir/nginx.pid" ] || break; sleep 0.1; done
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start PORT UPSTREAM MEDIA_ROOT INSTANCE | stop" >&2; exit 2 ;;
esac
