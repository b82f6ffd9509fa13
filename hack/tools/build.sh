#!/usr/bin/env bash
# Builds the project's real tools from pinned Go modules into a per-user cache:
#   ~/.cache/hello-k8s/tools/<tool>@<version>/bin/
# Idempotent: a tool whose cache entry is complete is not rebuilt.
# Usage: hack/tools/build.sh [--path] [TOOL...]   (default: every tool; see TOOLS below)
#   --path: then print the tools' bin folders, ':'-separated, for PATH.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/hack/lib.sh"
source "$ROOT/tools/versions.env"
HERE=$(cd "$(dirname "$0")" && pwd)
for part in wrapper recipes-pulumi recipes-kubernetes recipes-node; do source "$HERE/$part.sh"; done

export GOTOOLCHAIN=local GOFLAGS=-mod=mod
# The checksum database reachable here lacks recent Pulumi releases (404); the module
# proxy stays the source, and these builds are pinned by version above.
export GONOSUMDB=github.com/pulumi
CACHE=${HELLO_K8S_CACHE:-$HOME/.cache/hello-k8s}
TOOLS=(pulumi pulumi-language-nodejs pulumi-resource-kubernetes kubernetes kubectl containerd runc cni-plugins etcd crictl metrics-server kube-network-policies)

# tool_dir NAME VERSION: the cache entry of one tool build.
tool_dir() { echo "$CACHE/tools/$1@$2"; }

tool_version() {
  case $1 in
    pulumi) echo "$PULUMI_VERSION" ;;
    pulumi-language-nodejs) echo "$PULUMI_LANGUAGE_NODEJS_VERSION" ;;
    pulumi-resource-kubernetes) echo "$PULUMI_KUBERNETES_VERSION" ;;
    kubernetes|kubectl) echo "$KUBERNETES_VERSION" ;;
    containerd) echo "$CONTAINERD_VERSION" ;;
    runc) echo "$RUNC_VERSION" ;;
    cni-plugins) echo "$CNI_PLUGINS_VERSION" ;;
    etcd) echo "$ETCD_VERSION" ;;
    crictl) echo "$CRICTL_VERSION" ;;
    metrics-server) echo "$METRICS_SERVER_VERSION" ;;
    kube-network-policies) echo "$KUBE_NETWORK_POLICIES_VERSION" ;;
    *) log "unknown tool '$1' (known: ${TOOLS[*]})"; exit 2 ;;
  esac
}

# cold_seconds TOOL: how long a cold build of TOOL took on a fresh 2-core
# machine (hack/README.md: fresh-host --cold, 2026-12-01), for the plan and the progress lines.
cold_seconds() {
  case $1 in
    pulumi) echo 408 ;; pulumi-language-nodejs) echo 52 ;; pulumi-resource-kubernetes) echo 825 ;;
    kubernetes) echo 819 ;; kubectl) echo 54 ;; containerd) echo 155 ;; runc) echo 40 ;; cni-plugins) echo 60 ;;
    etcd) echo 55 ;; crictl) echo 55 ;; metrics-server) echo 284 ;; kube-network-policies) echo 196 ;;
    *) echo 5 ;;
  esac
}

# mmss SECONDS: "4m05s".
mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# progress TOOL LOGFILE EXPECTED: every 30 s, one line: elapsed, expected, packages compiled.
progress() {
  local tool=$1 logfile=$2 expected=$3 start=$SECONDS built total
  while sleep 30; do
    built=$(grep -cE '^[A-Za-z0-9_.~/-]+$' "$logfile" 2>/dev/null) || built=0
    total=$(cat "$PROGRESS_TOTAL" 2>/dev/null) || total=""
    log "  $tool: $(mmss $((SECONDS - start))) of about $(mmss "$expected"), $built${total:+ of about $total} packages compiled"
  done
}

main() {
  local print_path=0
  if [ "${1:-}" = --path ]; then print_path=1; shift; fi
  local requested=("$@") total_start=$SECONDS failed=0 todo=() planned=0 tool
  [ ${#requested[@]} -gt 0 ] || requested=("${TOOLS[@]}")
  for tool in "${requested[@]}"; do
    [[ " ${TOOLS[*]} " == *" $tool "* ]] || { echo "build.sh: $tool: unknown tool (known: ${TOOLS[*]})" >&2; exit 2; }
  done
  # One build at a time per cache: two commands started together (hack/run up and
  # npm run drift) would otherwise build into, and clean up, the same folders.
  mkdir -p "$CACHE"
  exec 9>"$CACHE/tools.lock"
  flock -n 9 || { log "another build of the tools is running: waiting for it ($CACHE/tools.lock)"; flock 9; }
  for tool in "${requested[@]}"; do
    [ -f "$(tool_dir "$tool" "$(tool_version "$tool")")/.complete" ] && continue
    todo+=("$tool"); planned=$((planned + $(cold_seconds "$tool")))
  done
  if [ ${#todo[@]} -gt 0 ]; then
    ensure_apt_packages ca-certificates  # the Go module proxy is reached over TLS
    log "building from Go modules into $CACHE/tools (once; later runs take seconds):"
    for tool in "${todo[@]}"; do log "  $tool $(tool_version "$tool"): about $(mmss "$(cold_seconds "$tool")") on 2 cores, cold"; done
    log "  about $(mmss "$planned") in all"
  fi
  for tool in "${requested[@]}"; do
    local version dir start=$SECONDS
    version=$(tool_version "$tool")
    dir=$(tool_dir "$tool" "$version")
    if [ -f "$dir/.complete" ]; then
      continue
    fi
    mkdir -p "$CACHE/logs"
    local logfile="$CACHE/logs/$tool@$version.log"
    PROGRESS_TOTAL=$CACHE/logs/$tool@$version.packages
    rm -f "$PROGRESS_TOTAL"
    rm -rf "$dir/wrapper"  # a failed build's leftovers
    log "$tool $version: building (log: $logfile)"
    progress "$tool" "$logfile" "$(cold_seconds "$tool")" &
    local ticker=$!
    if ( "build_$tool" ) >"$logfile" 2>&1; then
      rm -rf "$dir/wrapper"
      echo "$((SECONDS - start))" > "$dir/.complete"
      log "$tool $version: built in $(mmss $((SECONDS - start)))"
    else
      log "$tool $version: FAILED after $(mmss $((SECONDS - start))); the last lines of $logfile:"
      tail -n 15 "$logfile" >&2
      failed=1
    fi
    kill "$ticker" 2>/dev/null; wait "$ticker" 2>/dev/null || true
  done
  [ ${#todo[@]} -eq 0 ] || log "tools: built in $(mmss $((SECONDS - total_start)))"
  if [ $failed -eq 0 ] && [ $print_path -eq 1 ]; then
    local dirs=()
    for tool in "${requested[@]}"; do dirs+=("$(tool_dir "$tool" "$(tool_version "$tool")")/bin"); done
    (IFS=:; echo "${dirs[*]}")
  fi
  return $failed
}

main "$@"; exit $?  # one line: edits to this file cannot affect a running build
