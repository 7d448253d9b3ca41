#!/usr/bin/env bash
# One command: install everything and run the whole test suite, on SQLite and, when a
# PostgreSQL server can be started here (or TEST_DATABASE_URL is set), on PostgreSQL too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
.venv/bin/ruff check .
# The job queue's Redis storage: its tests run on a throwaway redis-server when one can start
# (they skip saying so otherwise).
export MEDIA_CATALOG_REDIS_DIR="${TMPDIR:-/tmp}/media-catalog-redis-$$"
if [ -z "${TEST_REDIS_URL:-}" ] && redis_url=$(scripts/redis.sh start); then
  export TEST_REDIS_URL="$redis_url"
  trap 'scripts/redis.sh stop' EXIT
fi
.venv/bin/python -m pytest "$@"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  .venv/bin/python -m pytest "$@"
  exit 0
fi
export MEDIA_CATALOG_PG_DIR="${TMPDIR:-/tmp}/media-catalog-pg-$$"
if url=$(scripts/postgres.sh start); then
  trap 'scripts/postgres.sh stop; scripts/redis.sh stop' EXIT
  echo "Running the suite again on PostgreSQL ($url)"
  TEST_DATABASE_URL="$url" .venv/bin/python -m pytest "$@"
else
  echo "PostgreSQL not available here: the suite ran on SQLite only." >&2
fi
