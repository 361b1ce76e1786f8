#!/usr/bin/env bash
# `make serve`: a local Prefect server (SQLite) and a process worker on this machine, with the
# deployments of prefect.yaml (nightly scheduled ingest, backfill). Ctrl-C stops everything.
#   UI: http://127.0.0.1:${PREFECT_PORT:-4200}    run a backfill:
#   .venv/bin/prefect deployment run newsetl-backfill/backfill -p start=2026-11-01 -p end=2026-11-07 -p reprocess=true
# NEWSETL_DEPLOY_ARGS passes options to `newsetl deploy`, e.g.
#   NEWSETL_DEPLOY_ARGS="--dask tcp://scheduler:8786 --input s3://news/landing --output s3://news/tables"
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${PREFECT_PORT:-4200}"
export PREFECT_API_URL="http://127.0.0.1:${PORT}/api"
export PREFECT_SERVER_ANALYTICS_ENABLED=false

"$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" &
server=$!
worker=""
stop() {
  # A process worker ignores the first SIGTERM/SIGINT while it hands over; a second SIGINT stops it.
  if [ -n "$worker" ]; then kill -INT "$worker" 2>/dev/null || true; sleep 2; kill -INT "$worker" 2>/dev/null || true; fi
  kill -INT "$server" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:${PORT}/api/health" >/dev/null; then break; fi
  sleep 1
done
curl -sf "http://127.0.0.1:${PORT}/api/health" >/dev/null || { echo "serve: the Prefect server did not start" >&2; exit 1; }

# Creates the process work pool newsetl-local when missing; module-path entrypoints (see prefect.yaml).
"$BIN/newsetl" deploy ${NEWSETL_DEPLOY_ARGS:-}
echo "serve: server, deployments and worker are up; UI at http://127.0.0.1:${PORT}"
"$BIN/prefect" worker start --pool newsetl-local &
worker=$!
wait "$worker"
