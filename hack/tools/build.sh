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

export GOTOOLCHAIN=local GOFLAGS=-mod=mod
# The checksum database reachable here lacks recent Pulumi releases (404); the module
# proxy stays the source, and these builds are pinned by version above.
export GONOSUMDB=github.com/pulumi
CACHE=${HELLO_K8S_CACHE:-$HOME/.cache/hello-k8s}
TOOLS=(pulumi pulumi-language-nodejs pulumi-resource-kubernetes kubernetes kubectl containerd runc etcd crictl metrics-server)

# tool_dir NAME VERSION: the cache entry of one tool build.
tool_dir() { echo "$CACHE/tools/$1@$2"; }

# count_packages DIR PKG...: how many packages the build compiles at most, for
# the progress lines (go build -v names each package it compiles in the log).
count_packages() {
  local dir=$1; shift
  (cd "$dir" && go list -deps "$@" | wc -l) > "$PROGRESS_TOTAL" 2>/dev/null || true
}

# build_in_wrapper NAME VERSION LDFLAGS GOMOD_BODY PKG:BINARY...
# Writes a throwaway wrapper module (so upstream replace directives and
# version pins are ours), resolves it, and builds each package, with the
# build tags in $BUILD_TAGS if set. A package named ./PATH is the wrapper's own.
build_in_wrapper() {
  local name=$1 version=$2 ldflags=$3 gomod=$4; shift 4
  local dir; dir=$(tool_dir "$name" "$version")
  local work="$dir/wrapper"
  mkdir -p "$work" "$dir/bin"
  printf 'module hello-k8s.local/tools/%s\n\ngo 1.26\n\n%s\n' "$name" "$gomod" > "$work/go.mod"
  {
    echo '//go:build tools'
    echo 'package tools'
    echo 'import ('
    for spec in "$@"; do [[ $spec == ./* ]] || echo "	_ \"${spec%%:*}\""; done
    echo ')'
  } > "$work/tools.go"
  (cd "$work" && go mod tidy >/dev/null)
  local pkgs=(); for spec in "$@"; do pkgs+=("${spec%%:*}"); done
  count_packages "$work" "${pkgs[@]}"
  for spec in "$@"; do
    (cd "$work" && go build -v -trimpath -tags "${BUILD_TAGS:-}" -ldflags "$ldflags" -o "$dir/bin/${spec##*:}" "${spec%%:*}")
  done
}

build_pulumi() {
  build_in_wrapper pulumi "$PULUMI_VERSION" \
    "-s -w -checklinkname=0 -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    "require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)
// Upstream's own replace directives, restated for a module-proxy build.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi:pulumi
}

build_pulumi-language-nodejs() {
  build_in_wrapper pulumi-language-nodejs "$PULUMI_LANGUAGE_NODEJS_VERSION" \
    "-s -w -checklinkname=0 -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_LANGUAGE_NODEJS_VERSION" \
    "require github.com/pulumi/pulumi/sdk/v3 v$PULUMI_LANGUAGE_NODEJS_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs:pulumi-language-nodejs
}

# The provider embeds a versioned schema generated from files in its own
# package directory, so it is built from a writable copy of the module.
build_pulumi-resource-kubernetes() {
  local dir; dir=$(tool_dir pulumi-resource-kubernetes "$PULUMI_KUBERNETES_VERSION")
  local mod=github.com/pulumi/pulumi-kubernetes/provider/v4
  local src; src=$(cd /tmp && go mod download -json "$mod@$PULUMI_KUBERNETES_PROVIDER_MODULE" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -n "$src" ] || { log "cannot download $mod@$PULUMI_KUBERNETES_PROVIDER_MODULE"; return 1; }
  rm -rf "$dir" && mkdir -p "$dir/bin" && cp -r "$src" "$dir/src" && chmod -R u+w "$dir/src"
  (
    cd "$dir/src"
    go mod edit -replace "github.com/pulumi/pulumi-kubernetes/sdk/v4=github.com/pulumi/pulumi-kubernetes/sdk/v4@$PULUMI_KUBERNETES_SDK_MODULE"
    go mod tidy >/dev/null
    (cd cmd/pulumi-resource-kubernetes && VERSION="$PULUMI_KUBERNETES_VERSION" go run generate.go)
    count_packages . ./cmd/pulumi-resource-kubernetes
    go build -v -trimpath -ldflags "-s -w -checklinkname=0 -X $mod/pkg/version.Version=$PULUMI_KUBERNETES_VERSION" \
      -o "$dir/bin/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes
  )
  rm -rf "$dir/src"
}

# The wrapper go.mod body for anything built against k8s.io/kubernetes: the
# release points its staging modules (k8s.io/api, client-go, ...) at ./staging;
# use their published tags instead, for each staging module the release requires
# (the list is read from the release's own go.mod, so it follows the version).
kubernetes_gomod() {
  local staging_version="v0.${KUBERNETES_VERSION#1.}" gomod m
  gomod=$(cd /tmp && go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')
  [ -n "$gomod" ] || { log "cannot download k8s.io/kubernetes@v$KUBERNETES_VERSION"; return 1; }
  echo "require k8s.io/kubernetes v$KUBERNETES_VERSION"
  echo "replace ("
  for m in $(sed -n 's|^\s*\(k8s\.io/[a-z-]*\) => \./staging/.*|\1|p' "$gomod"); do
    grep -qE "^\s+$m v0\.0\.0" "$gomod" && echo "	$m => $m $staging_version"
  done
  echo ")"
}

# kubernetes_ldflags: stamps the release version, as Kubernetes' own build does.
kubernetes_ldflags() {
  local v=$KUBERNETES_VERSION x=k8s.io/component-base/version
  echo "-s -w -checklinkname=0 -X $x.gitVersion=v$v -X $x.gitMajor=1 -X $x.gitMinor=$(echo "$v" | cut -d. -f2) -X $x.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=v$v"
}

build_kubernetes() {
  build_in_wrapper kubernetes "$KUBERNETES_VERSION" "$(kubernetes_ldflags)" "$(kubernetes_gomod)" \
    k8s.io/kubernetes/cmd/kube-apiserver:kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager:kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler:kube-scheduler \
    k8s.io/kubernetes/cmd/kubelet:kubelet \
    k8s.io/kubernetes/cmd/kube-proxy:kube-proxy
}

# kubectl of the cluster's own release: every script and test uses this one.
build_kubectl() {
  build_in_wrapper kubectl "$KUBERNETES_VERSION" "$(kubernetes_ldflags)" "$(kubernetes_gomod)" \
    k8s.io/kubernetes/cmd/kubectl:kubectl
}

# containerd 2: the node's container runtime (its CRI plugin), the runc shim,
# and ctr. urfave_cli_no_docs drops the man-page generator, as upstream's
# release build does.
build_containerd() {
  BUILD_TAGS=urfave_cli_no_docs build_in_wrapper containerd "$CONTAINERD_VERSION" \
    "-s -w -X github.com/containerd/containerd/v2/version.Version=v$CONTAINERD_VERSION" \
    "require github.com/containerd/containerd/v2 v$CONTAINERD_VERSION" \
    github.com/containerd/containerd/v2/cmd/containerd:containerd \
    github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2:containerd-shim-runc-v2 \
    github.com/containerd/containerd/v2/cmd/ctr:ctr
}

# runc: the OCI runtime containerd's shim runs, with seccomp (cgo and
# libseccomp, as upstream's release build; the fallback path code stands in for
# the optional Rust libpathrs).
build_runc() {
  ensure_apt_packages gcc libc6-dev pkg-config libseccomp-dev
  BUILD_TAGS="seccomp urfave_cli_no_docs" build_in_wrapper runc "$RUNC_VERSION" \
    "-s -w -X main.version=$RUNC_VERSION" \
    "require github.com/opencontainers/runc v$RUNC_VERSION" \
    github.com/opencontainers/runc:runc
}

# etcd: the API server's storage. Its command lives in a module the proxy does
# not serve (go.etcd.io/etcd/v3), so a two-line main calls the server module's
# etcdmain, which is that command.
build_etcd() {
  local work; work=$(tool_dir etcd "$ETCD_VERSION")/wrapper
  mkdir -p "$work/cmd/etcd"
  printf 'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n' > "$work/cmd/etcd/main.go"
  build_in_wrapper etcd "$ETCD_VERSION" \
    "-s -w" \
    "require go.etcd.io/etcd/server/v3 v$ETCD_VERSION" \
    ./cmd/etcd:etcd
}

# crictl, the CRI's own client: lists, inspects and removes the node's pods.
build_crictl() {
  build_in_wrapper crictl "$CRICTL_VERSION" \
    "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$CRICTL_VERSION" \
    "require sigs.k8s.io/cri-tools v$CRICTL_VERSION" \
    sigs.k8s.io/cri-tools/cmd/crictl:crictl
}

# metrics-server: the resource metrics API (kubectl top, the autoscaler's CPU).
build_metrics-server() {
  build_in_wrapper metrics-server "$METRICS_SERVER_VERSION" \
    "-s -w -X sigs.k8s.io/metrics-server/pkg/version.gitVersion=v$METRICS_SERVER_VERSION" \
    "require sigs.k8s.io/metrics-server v$METRICS_SERVER_VERSION" \
    sigs.k8s.io/metrics-server/cmd/metrics-server:metrics-server
}

tool_version() {
  case $1 in
    pulumi) echo "$PULUMI_VERSION" ;;
    pulumi-language-nodejs) echo "$PULUMI_LANGUAGE_NODEJS_VERSION" ;;
    pulumi-resource-kubernetes) echo "$PULUMI_KUBERNETES_VERSION" ;;
    kubernetes|kubectl) echo "$KUBERNETES_VERSION" ;;
    containerd) echo "$CONTAINERD_VERSION" ;;
    runc) echo "$RUNC_VERSION" ;;
    etcd) echo "$ETCD_VERSION" ;;
    crictl) echo "$CRICTL_VERSION" ;;
    metrics-server) echo "$METRICS_SERVER_VERSION" ;;
    *) log "unknown tool '$1' (known: ${TOOLS[*]})"; exit 2 ;;
  esac
}

# cold_seconds TOOL: how long a cold build of TOOL took on a fresh 2-core
# machine (bench/RESULTS.md), for the plan and the progress lines.
cold_seconds() {
  case $1 in
    pulumi) echo 231 ;; pulumi-language-nodejs) echo 28 ;; pulumi-resource-kubernetes) echo 490 ;;
    kubernetes) echo 391 ;; kubectl) echo 60 ;; containerd) echo 150 ;; runc) echo 40 ;; etcd) echo 60 ;;
    crictl) echo 38 ;; metrics-server) echo 104 ;;
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
