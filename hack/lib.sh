# The harness's shell helpers (sourced, not run): the template's own
# (scripts/lib.sh), plus the tool cache and free ports.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/lib.sh"

# free_port: prints a TCP port that is free on 127.0.0.1 right now.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'; }

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

