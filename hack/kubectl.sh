#!/usr/bin/env bash
# hack/run kubectl ARGS: the project's kubectl (the local cluster's own
# release, built by hack/tools/build.sh), on the local cluster unless KUBECONFIG is set.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/hack/lib.sh"
source "$ROOT/tools/versions.env"
source "$ROOT/hack/local-cluster/common.sh"  # the cluster's kubeconfig and kubectl paths
if [ -z "${KUBECONFIG:-}" ] && [ ! -f "$KUBECONFIG_FILE" ] && [[ " $* " != *" --kubeconfig"* ]]; then
  # Else kubectl would fall back to localhost:8080 and print its connection errors.
  echo "kubectl: no cluster: the local cluster is not running (hack/run cluster up) and KUBECONFIG is not set" >&2
  exit 2
fi
bash "$ROOT/hack/tools/build.sh" kubectl
export KUBECONFIG=${KUBECONFIG:-$KUBECONFIG_FILE}
exec "$KUBECTL" "$@"
