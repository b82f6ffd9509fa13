#!/usr/bin/env bash
# npm test: the unit tier. Type-check, the checkers' tools (cached after the
# first build), jest, Go vet + tests, `npm run check` on dist/, actionlint.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
export GOTOOLCHAIN=local

log "type-check (tsc --strict)"
node_modules/.bin/tsc -b tsconfig.json  # incremental: under a second when nothing changed
log "tools for the checks"
use_tools k8s-schema kube-score actionlint
# The Go tests spend much of their time waiting on the programs they run, so
# they run alongside jest; their output is shown once both are done.
log "go vet + go test (app/, the local cluster's pause, the bench floor), alongside jest"
go_log=$(mktemp)
npm run --silent test:go >"$go_log" 2>&1 &
go_pid=$!
trap 'wait "$go_pid" 2>/dev/null; rm -f "$go_log"' EXIT  # never leave go test running
log "jest"
node_modules/.bin/jest
go_status=0
wait "$go_pid" || go_status=$?
cat "$go_log"
if [ "$go_status" -ne 0 ]; then
  log "go vet or go test failed (exit $go_status)"
  exit "$go_status"
fi
log "npm run check (schema + kube-score) on dist/"
node lib/check/main.js
log "actionlint on .github/workflows"
actionlint
log "the image digest charts/environments.ts pins is what app/ builds"
bash app/build-image.sh --check
log "unit tier passed"
