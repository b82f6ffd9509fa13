#!/usr/bin/env bash
# Runs as the first process of a private mount and pid namespace (run.sh's
# unshare): gives the fresh root what a real host has (proc, sys, dev), mounts
# Go and the shared caches (tools, Go's builds and modules) in, installs
# Node.js 26 as the README says, runs the quick start as a new user would,
# and checks that `cluster:down` left no process, mount or network namespace inside.
#   inside.sh ROOT TOOL_CACHE GO_BUILD_CACHE GO_MODULE_CACHE
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
root=$1 tool_cache=$2 go_build_cache=$3 go_module_cache=$4

# The root is a mount of its own, as / is on a real host (the kubelet looks its folders' mounts up).
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/run"
# Prerequisites: Go 1.26 (read-only, as installed). Node.js 26 is installed
# below, the README's way: a fresh Debian 12 has no Node.js 26.
mkdir -p "$root/usr/local/go" "$root/root/.cache/hello-k8s" "$root/root/.cache/go-build" "$root/root/go/pkg/mod"
mount --bind -o ro "$(go env GOROOT)" "$root/usr/local/go"
# Caches of content: they save the builds, and cannot stand in for an install step.
mount --bind "$tool_cache" "$root/root/.cache/hello-k8s"
mount --bind "$go_build_cache" "$root/root/.cache/go-build"
mount --bind "$go_module_cache" "$root/root/go/pkg/mod"

# inroot COMMAND: a login-like shell in the root, with nothing of this machine's environment.
inroot() {
  chroot "$root" env -i HOME=/root TERM=dumb LANG=C.UTF-8 GOTOOLCHAIN=local NODE_EXTRA_CA_CERTS=/etc/ssl-network-ca.pem \
    PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd /root/hello-k8s && $1"
}

mounts_before=$(awk '{ print $2 }' /proc/self/mounts | sort)
log "inside: which kubectl: $(inroot 'command -v kubectl || echo none')"
inroot 'bash scripts/install-node.sh'
log "inside: $(inroot 'echo "node $(node --version), npm $(npm --version), $(dpkg-query -W -f="\${Package} \${Version}" libatomic1)"')"
status=0
started=$SECONDS
inroot 'npm ci --no-audit --no-fund && hack/run up' || status=$?
log "inside: \`npm ci && hack/run up\` took $((SECONDS - started)) s"
if [ $status -eq 0 ]; then
  answer=$(inroot 'curl -fsS --max-time 5 http://127.0.0.1/') || status=$?
  log "inside: curl http://127.0.0.1/: ${answer//$'\n'/ | }"
  inroot 'hack/run kubectl get nodes,pods -A -o wide' || status=$?
  [ "${FRESH_HOST_TEST:-true}" = false ] || inroot 'npm test' || status=$?
fi
inroot 'hack/run cluster down' || status=$?

# Nothing the cluster started may outlive `cluster:down`: only this shell is left in the namespace.
left=()
for dir in "$root"/proc/[0-9]*; do
  pid=${dir##*/}
  # A process may end between the listing and the read: then it is not left.
  [ "$pid" = $$ ] || [ ! -e "$dir" ] || left+=("$pid: $({ tr '\0' ' ' < "$dir/cmdline"; } 2>/dev/null || true)")
done
[ ${#left[@]} -eq 0 ] || { log "processes left after cluster:down: ${left[*]}"; status=1; }
netns=$(ls "$root/run/netns" 2>/dev/null || true)
[ -z "$netns" ] || { log "network namespaces left after cluster:down: $netns"; status=1; }
mounts=$(comm -13 <(echo "$mounts_before") <(awk '{ print $2 }' /proc/self/mounts | sort))
[ -z "$mounts" ] || { log "mounts left after cluster:down: $mounts"; status=1; }
exit $status
