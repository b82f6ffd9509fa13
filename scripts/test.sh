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
log "jest"
node_modules/.bin/jest
log "go vet + go test (app/, the local cluster's pause, the bench floor)"
for module in app scripts/cluster/pause bench/floor; do
  (cd "$module" && go vet ./... && go test -race -count=1 ./...)
done
log "npm run check (schema + kube-score) on dist/"
node lib/check/main.js
log "actionlint on .github/workflows"
actionlint
log "the image digest charts/environments.ts pins is what app/ builds"
bash app/build-image.sh --check
log "unit tier passed"
