#!/usr/bin/env bash
# npm run kubectl -- ARGS: the project's kubectl (the local cluster's own
# release, built by hack/tools/build.sh), on the local cluster unless KUBECONFIG is set.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/hack/lib.sh"
source "$ROOT/tools/versions.env"
local_kubeconfig=${HELLO_K8S_CLUSTER_DIR:-$ROOT/.cluster}/kubeconfig
if [ -z "${KUBECONFIG:-}" ] && [ ! -f "$local_kubeconfig" ] && [[ " $* " != *" --kubeconfig"* ]]; then
  # Else kubectl would fall back to localhost:8080 and print its connection errors.
  echo "kubectl: no cluster: the local cluster is not running (npm run cluster:up) and KUBECONFIG is not set" >&2
  exit 2
fi
bash "$ROOT/hack/tools/build.sh" kubectl
export KUBECONFIG=${KUBECONFIG:-$local_kubeconfig}
exec "$HELLO_K8S_CACHE/tools/kubectl@$KUBERNETES_VERSION/bin/kubectl" "$@"
