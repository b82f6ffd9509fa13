#!/usr/bin/env bash
# The template stands alone: a copy of this checkout without the harness
# (hack/, bench/, test/e2e/, .ci/) names none of it, installs, synthesizes with
# the stock `cdk8s synth` exactly the dist/ committed here, and passes `npm test`.
#   hack/template-copy/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/hack/lib.sh"
COPY=$(mktemp -d /var/tmp/hello-k8s-template.XXXXXX)
trap 'rm -rf "$COPY"' EXIT

(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
  grep -zv -e '^hack/' -e '^bench/' -e '^test/e2e/' -e '^\.ci/' | xargs -0 cp --parents -t "$COPY")
log "template copy in $COPY: $(cd "$COPY" && find . -type f | wc -l) files, no hack/, bench/, test/e2e/ or .ci/"
cd "$COPY"
# No file of the copy may use the harness: a path into it is allowed only on a
# line that says it is the harness's (a comment or a doc line pointing there).
named=$(grep -rnIE 'hack/|bench/|test/e2e|\.ci/' . | grep -v harness || true)
if [ -n "$named" ]; then
  log "template copy names the harness outside a line that says so: $(wc -l <<<"$named") lines, first: ${named%%$'\n'*}"
  exit 1
fi
log "template copy: no file names hack/, bench/, test/e2e/ or .ci/ but on lines that say they are the harness's"
npm ci --no-audit --no-fund
rm -rf dist
npx cdk8s synth --no-check-upgrade
diff -r "$ROOT/dist" dist
log "cdk8s synth in the copy wrote the committed dist/, byte for byte"
npm test
log "template copy: installs, synthesizes the same dist/, passes npm test"
