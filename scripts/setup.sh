#!/usr/bin/env bash
# Installs what media-catalog needs on a Debian machine: system packages when missing (ffmpeg,
# fonts for burned-in titles; with --tests also Chromium) and the Python packages in .venv.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
if [ "${1:-}" = "--tests" ]; then  # the browser tests use Debian's Chromium, never a download
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # The suite runs a second time on a throwaway PostgreSQL server (scripts/postgres.sh looks
  # for the server binaries where Debian puts them).
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  # The media-delivery tests put Debian's nginx in front of gunicorn (scripts/nginx.sh runs
  # its own throwaway instance on a loopback port; the package's own service is not needed).
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
  # The job queue's Redis storage is tested on a throwaway server (scripts/redis.sh).
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  # The container recipe is built and run by tests/test_container.py through scripts/container.sh:
  # Debian's podman with runc, and debootstrap for the Debian base when no registry answers.
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 || {
    command -v podman >/dev/null 2>&1 || need+=(podman)
    command -v runc >/dev/null 2>&1 || need+=(runc)
    command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
  }
  # axe-core (the accessibility sweep) comes from the npm registry, pinned in package-lock.json.
  command -v npm >/dev/null 2>&1 || need+=(npm)
fi
if [ "${1:-}" = "--bench" ]; then  # baselines and load for benchmarks/: ripgrep, wrk
  command -v rg >/dev/null 2>&1 || need+=(ripgrep)
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
fi
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# WeasyPrint (guide PDFs) draws text with Pango; the guide tests turn PDFs into images (pdftoppm).
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || need+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || need+=(libpangoft2-1.0-0)
if [ "${1:-}" = "--tests" ]; then
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
# The demo's speaking clip, the speech tests and benchmarks synthesise English with flite (slt).
command -v flite >/dev/null 2>&1 || need+=(flite)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
  if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install ${need[*]} (no apt-get or root here); continuing without them." >&2
  else
    echo "setup: installing Debian packages: ${need[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: Python 3.11 or newer is needed ($("$python" --version 2>&1) found)" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
extras=dev
[ "${1:-}" = "--bench" ] && extras=dev,bench
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
# The interface translations: compiled from the committed .po files (scripts/translations.sh).
scripts/translations.sh compile >/dev/null
if [ "${1:-}" = "--tests" ]; then  # test-only JavaScript (axe-core), into node_modules/
  npm ci --no-audit --no-fund --silent
fi
