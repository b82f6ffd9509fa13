#!/usr/bin/env bash
# The fresh-host test: the README's quick start in a fresh Debian 12 root that
# has only the README's prerequisites (Go 1.26, root, apt; Node.js 26 installed the README's way).
# Nothing of this machine is visible inside but the kernel, the tool cache
# (shared so nothing is recompiled) and the network to the package registries.
#   hack/fresh-host/run.sh [--cold] [--no-test] [SOURCE_DIR]    (default: this checkout's files)
# --cold: empty tool and Go caches too, as on a new machine (about 50 minutes on 2 cores, 2026-12-01).
# --no-test: skip the README's second command (the bench's first-run row times only the first).
# Inside: `npm ci && hack/run up`, the URL answered, `npm test`, `hack/run cluster down`;
# then no process, mount or network namespace may be left, and the host's
# links, routes, iptables chains, nftables tables, sysctls and cgroups must be
# as they were before.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$ROOT/hack/lib.sh"
source "$HERE/host-state.sh"
source "$HERE/root.sh"
main() {
  local COLD=false caches status
  export FRESH_HOST_TEST=true  # read by inside.sh
  while [[ ${1:-} == --* ]]; do
    case $1 in
      --cold) COLD=true ;;
      --no-test) FRESH_HOST_TEST=false ;;
      *) echo "fresh-host: $1: unknown option (usage: hack/run fresh-host [--cold] [--no-test] [SOURCE_DIR])" >&2; exit 2 ;;
    esac
    shift
  done
  SOURCE=$(cd "${1:-$ROOT}" && pwd)
  WORK=$(mktemp -d /var/tmp/hello-k8s-fresh-host.XXXXXX)
  if $COLD; then
    mkdir -p "$WORK/cache/tools" "$WORK/cache/go-build" "$WORK/cache/go-mod"
    caches=("$WORK/cache/tools" "$WORK/cache/go-build" "$WORK/cache/go-mod")
  else
    caches=("$HELLO_K8S_CACHE" "$(go env GOCACHE)" "$(go env GOMODCACHE)")
  fi
  LOG=$ROOT/build/fresh-host.log  # outlives the scratch root, which is always removed
  mkdir -p "$ROOT/build"
  FAIL_LOG=$LOG
  trap 'root_remove "$WORK"' EXIT

  ensure_apt_packages debootstrap
  host_state > "$WORK/host.before"
  root_make "$WORK/root"
  root_copy_source "$SOURCE" "$WORK/root/root/hello-k8s"
  log "running the quick start inside the fresh root (log: $LOG)"
  status=0
  unshare --mount --pid --fork --propagation private -- bash "$HERE/inside.sh" "$WORK/root" "${caches[@]}" \
    2>&1 | tee "$LOG" || status=$?
  host_state > "$WORK/host.after"
  if ! diff -u "$WORK/host.before" "$WORK/host.after" > "$WORK/host.diff"; then
    log "the host was not left as it was:"; cat "$WORK/host.diff" >&2
    status=1
  fi
  [ $status -eq 0 ] || { log "fresh-host test FAILED (exit $status); the run's log is $LOG"; exit "$status"; }
  log "fresh-host test passed: the quick start worked in a fresh Debian root, and the host is as it was"
}

main "$@"; exit $?  # one line: an edit to this file cannot affect a running test
