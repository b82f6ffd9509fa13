# The harness's shell helpers (sourced, not run): the template's own
# (scripts/lib.sh), plus the tool cache.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/lib.sh"

HELLO_K8S_CACHE=${HELLO_K8S_CACHE:-$HOME/.cache/hello-k8s}

# use_tools: builds any missing tool (cached runs take seconds) and puts every
# tool's bin/ first on PATH.
use_tools() {
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  bash "$root/hack/tools/build.sh" "$@" || return 1
  local dir
  for dir in "$HELLO_K8S_CACHE"/tools/*/bin; do PATH="$dir:$PATH"; done
  export PATH
}

