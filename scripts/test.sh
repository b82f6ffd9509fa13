#!/usr/bin/env bash
# npm test: the unit tier. Type-check, then jest alongside the other checks:
# the Go tests, the offline check of dist/, actionlint on the workflows and the
# image pin. Those mostly wait on the programs they run, so they share the
# cores with jest instead of queueing after it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
export GOTOOLCHAIN=local

log "type-check (tsc -b: incremental, no output)"
node_modules/.bin/tsc -b tsconfig.json
log "the check's tools (built once from check/go*.mod and check/linters/go.mod)"
node --import tsx -e 'require("./check/tools").checkTools()'
ensure_apt_packages gcc libc6-dev git  # go test -race needs cgo; the diff's tests, git
go_modules=$(find . -name go.mod -not -path './node_modules/*' -not -path './check/*' -printf '%h\n' | sort)
side_checks() {
  for m in $go_modules; do
    log "go vet + go test -race in $m"
    (cd "$m" && go vet ./... && go test -race ./...)
  done
  log "npm run check (schema, API validation, Pod Security, kube-score) on dist/"
  node --import tsx check/main.ts
  log "actionlint on .github/workflows"
  node --import tsx check/lint-workflows.ts
  log "the image digest charts/image.json pins is what app/ builds"
  bash app/build-image.sh --check
}
side_log=$(mktemp)
log "jest, alongside the Go tests, the check of dist/, actionlint and the image pin (their output follows jest's)"
(set -e; side_checks) >"$side_log" 2>&1 &
side_pid=$!
trap 'wait "$side_pid" 2>/dev/null; rm -f "$side_log"' EXIT  # never leave them running
node_modules/.bin/jest
side_status=0
wait "$side_pid" || side_status=$?
cat "$side_log"
[ "$side_status" -eq 0 ] || { log "a check alongside jest failed (exit $side_status): its output is above"; exit "$side_status"; }
log "unit tier passed"
