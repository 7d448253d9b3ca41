#!/usr/bin/env bash
# Builds deploy/Dockerfile and checks the image runs: the web app answers /readyz and the job
# worker stays up, both from the same image on one instance volume.
#   scripts/container.sh build [TAG]   builds the image (default localhost/media-catalog:local)
#   scripts/container.sh smoke [TAG]   starts web + worker, checks them, removes them
# Uses docker when its engine answers, else podman (Debian's, with runc; `setup.sh --tests`
# installs them). When the Debian base cannot be pulled (no registry reachable), it is made
# here with debootstrap from the Debian mirror: the same packages debian:bookworm-slim holds.
# Exits 3 when nothing here can build images (no engine, no base), 1 when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
state=${MEDIA_CATALOG_CONTAINER_DIR:-/tmp/media-catalog-container}
tag=${2:-localhost/media-catalog:local}
base=debian:bookworm-slim
mkdir -p "$state"

engine() {  # sets $run: the engine's command
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then run=docker; return; fi
  command -v podman >/dev/null 2>&1 || { echo "no container engine: neither a docker engine nor podman" >&2; exit 3; }
  # Podman's defaults raise rlimits and use crun, which refuses hybrid cgroups: both fail in
  # unprivileged sandboxes such as this project's CI, so it runs with host limits and runc.
  cat >"$state/containers.conf" <<CONF
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
  export CONTAINERS_CONF="$state/containers.conf"
  run="podman --runtime runc"
}

local_base() {  # a Debian 12 minbase made with debootstrap, imported as an image
  local image=localhost/media-catalog-base:bookworm
  if ! $run image inspect "$image" >/dev/null 2>&1; then
    command -v debootstrap >/dev/null 2>&1 || { echo "$base cannot be pulled and debootstrap is not installed" >&2; exit 3; }
    local root="$state/rootfs"
    rm -rf "$root"
    debootstrap --variant=minbase bookworm "$root" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$state/debootstrap.log" 2>&1 \
      || { tail -5 "$state/debootstrap.log" >&2; exit 1; }
    tar -C "$root" -c . | $run import - "$image" >/dev/null
    rm -rf "$root"
  fi
  echo "$image"
}

build() {
  local from=$base
  $run image inspect "$base" >/dev/null 2>&1 || $run pull -q "$base" >/dev/null 2>&1 || from=$(local_base)
  # The CA bundle pip should trust (a TLS-inspecting proxy's), passed as a build secret.
  local secret=() ca=${PIP_CERT:-${SSL_CERT_FILE:-}}
  [ -n "$ca" ] && [ -s "$ca" ] && secret=(--secret "id=ca,src=$ca")
  local extra=(); [ "$run" != docker ] && extra=(--network host --format docker)
  $run build "${extra[@]}" "${secret[@]}" --build-arg "BASE=$from" -f deploy/Dockerfile -t "$tag" . \
    >"$state/build.log" 2>&1 || { tail -30 "$state/build.log" >&2; exit 1; }
  echo "built $tag on $from"
}

smoke() {
  local port; name=media-catalog-smoke-$$
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local common=(--network host -e SECRET_KEY=smoke -v "$name:/app/instance")
  [ "$run" != docker ] && common+=(--no-healthcheck)  # podman's health timers need systemd
  trap '$run rm -f "$name-web" "$name-worker" >/dev/null 2>&1; $run volume rm -f "$name" >/dev/null 2>&1' EXIT
  $run run -d --name "$name-web" "${common[@]}" "$tag" \
    sh -c "media-catalog init && exec media-catalog serve --bind 127.0.0.1:$port" >/dev/null
  local url="http://127.0.0.1:$port" ready=""
  for _ in $(seq 120); do
    ready=$(python3 -c "import urllib.request as u; print(u.urlopen('$url/readyz', timeout=2).read().decode())" 2>/dev/null) && break
    sleep 0.5
  done
  [ -n "$ready" ] || { $run logs "$name-web" >&2; echo "the web container never answered $url/readyz" >&2; exit 1; }
  echo "readyz: $ready"
  $run run -d --name "$name-worker" "${common[@]}" "$tag" media-catalog worker >/dev/null
  sleep 5
  [ "$($run inspect -f '{{.State.Running}}' "$name-worker")" = true ] \
    || { $run logs "$name-worker" >&2; echo "the worker container stopped" >&2; exit 1; }
  python3 -c "import urllib.request as u; assert u.urlopen('$url/', timeout=10).status == 200"
  echo "web and worker run from $tag"
}

case "${1:-}" in
  build) engine; build ;;
  smoke) engine; smoke ;;
  *) echo "usage: $0 build|smoke [TAG]" >&2; exit 2 ;;
esac
