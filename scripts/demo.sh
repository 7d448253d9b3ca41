#!/usr/bin/env bash
# One command: install everything, build the demo catalog and serve it at http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/media-catalog demo
# One job worker beside the web server (sub-clip exports run there), on the embedded queue;
# it stops when the demo does.
.venv/bin/media-catalog worker --workers 1 &
worker=$!
trap 'kill -INT "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT
echo "Serving the demo catalog at http://127.0.0.1:${PORT:-5000} with a job worker (Ctrl+C to stop)"
.venv/bin/media-catalog run --host 127.0.0.1 --port "${PORT:-5000}"
