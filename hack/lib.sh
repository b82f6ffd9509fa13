# The harness's shell helpers (sourced, not run): the template's own
# (scripts/lib.sh), plus the tool cache.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/lib.sh"

HELLO_K8S_CACHE=${HELLO_K8S_CACHE:-$HOME/.cache/hello-k8s}

# use_tools TOOL...: builds any missing tool (cached runs take seconds) and puts
# the pinned version's bin/ of each first on PATH.
use_tools() {
  local root dirs; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  dirs=$(bash "$root/hack/tools/build.sh" --path "$@") || return 1
  PATH="$dirs:$PATH"
  export PATH
}
