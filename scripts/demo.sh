#!/usr/bin/env bash
# One command: install everything, build the demo catalog and serve it at http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/media-catalog demo
echo "Serving the demo catalog at http://127.0.0.1:${PORT:-5000} (Ctrl+C to stop)"
exec .venv/bin/media-catalog run --host 127.0.0.1 --port "${PORT:-5000}"
