#!/usr/bin/env bash
# npm run kubectl -- ARGS: the project's kubectl (the local cluster's own
# release, built by hack/tools/build.sh), on the local cluster unless KUBECONFIG is set.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/hack/lib.sh"
source "$ROOT/tools/versions.env"
bash "$ROOT/hack/tools/build.sh" kubectl
export KUBECONFIG=${KUBECONFIG:-$ROOT/.cluster/kubeconfig}
exec "$HELLO_K8S_CACHE/tools/kubectl@$KUBERNETES_VERSION/bin/kubectl" "$@"
