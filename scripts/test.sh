#!/usr/bin/env bash
# npm test: the unit tier. Type-check, jest alongside the Go tests, the
# offline check of dist/, actionlint on the workflows, and the image pin.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
export GOTOOLCHAIN=local

log "type-check (tsc -b: incremental, no output)"
node_modules/.bin/tsc -b tsconfig.json
log "the check's tools (built once from check/go*.mod and check/linters/go.mod)"
node --import tsx -e 'require("./check/tools").checkTools()'
# The Go tests (every Go module but the check's tools) spend much of their time
# waiting on the programs they run, so they run alongside jest.
ensure_apt_packages gcc libc6-dev git  # go test -race needs cgo; the diff's tests, git
go_modules=$(find . -name go.mod -not -path './node_modules/*' -not -path './check/*' -printf '%h\n' | sort)
log "go vet + go test -race in ${go_modules//$'\n'/ }, alongside jest"
go_log=$(mktemp)
(for m in $go_modules; do (cd "$m" && go vet ./... && go test -race -count=1 ./...) || exit 1; done) >"$go_log" 2>&1 &
go_pid=$!
trap 'wait "$go_pid" 2>/dev/null; rm -f "$go_log"' EXIT  # never leave go test running
log "jest"
node_modules/.bin/jest
go_status=0
wait "$go_pid" || go_status=$?
cat "$go_log"
[ "$go_status" -eq 0 ] || { log "go vet or go test failed (exit $go_status)"; exit "$go_status"; }
log "npm run check (schema, API validation, Pod Security, kube-score) on dist/"
node --import tsx check/main.ts
log "actionlint on .github/workflows"
node --import tsx check/lint-workflows.ts
log "the image digest charts/image.json pins is what app/ builds"
bash app/build-image.sh --check
log "unit tier passed"
