# Shared helpers for the project's scripts (sourced, not run).

# log MESSAGE: one timestamped progress line on stderr.
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ensure_apt_packages PKG...: installs the Debian packages that are missing, once.
ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# free_port: prints a TCP port that is free on 127.0.0.1 right now.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'; }

HELLO_K8S_CACHE=${HELLO_K8S_CACHE:-$HOME/.cache/hello-k8s}

# use_tools: builds any missing tool (cached runs take seconds) and puts every
# tool's bin/ first on PATH.
use_tools() {
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  bash "$root/tools/build.sh" "$@" || return 1
  local dir
  for dir in "$HELLO_K8S_CACHE"/tools/*/bin; do PATH="$dir:$PATH"; done
  export PATH
}
