#!/usr/bin/env bash
# The template stands alone: a copy of this checkout without the harness
# (hack/, bench/, test/e2e/, .ci/) installs, synthesizes with the stock
# `cdk8s synth` exactly the dist/ committed here, and passes `npm test`.
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
npm ci --no-audit --no-fund
rm -rf dist
npx cdk8s synth --no-check-upgrade
diff -r "$ROOT/dist" dist
log "cdk8s synth in the copy wrote the committed dist/, byte for byte"
npm test
log "template copy: installs, synthesizes the same dist/, passes npm test"
