#!/usr/bin/env bash
# npm run check [-- FILE...]: schema validation (Kubernetes 1.28) and kube-score
# on manifests, default all of dist/. Builds the checkers once (tools/build.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
node_modules/.bin/tsc -b tsconfig.synth.json
exec node lib/check/main.js "$@"
