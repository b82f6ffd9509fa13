# host: what the node needs from this machine, recorded before `up` changes it
# so `down` can put it back: sysctls, host folders, cgroups, network namespaces.

# The sysctls the node's parts write: the kubelet (kernel tunables), kube-proxy
# (route_localnet for loopback NodePorts) and the CNI bridge (ip_forward).
HOST_SYSCTLS=(net.ipv4.ip_forward net.ipv4.conf.all.route_localnet vm.overcommit_memory vm.panic_on_oom
  kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
# Fixed paths the kubelet, containerd and CNI use whatever their configuration says.
HOST_DIRS=(/var/log/pods /var/log/containers /run/containerd /run/netns /var/lib/cni /var/lib/kubelet)
# The cgroup every pod lives under (each node's kubelet's cgroupRoot is a child), one per v1 hierarchy.
CGROUP_ROOT=hello-k8s

host_preflight() {
  if [ "$(uname -s)" != Linux ] || [ "$(id -u)" -ne 0 ]; then
    log "the local cluster runs a real node, which needs Linux and root; elsewhere use kind, minikube, k3d or Docker Desktop: pulumi config set hello-k8s:kubeconfig ~/.kube/config"
    exit 1
  fi
  # runc's libseccomp (containerd, runc, the CNI plugins and etcd are built,
  # hack/tools/build.sh), the registry, and the commands these scripts run that
  # a minimal Debian lacks (ip, sysctl and pgrep, curl, openssl).
  ensure_apt_packages libseccomp2 iptables nftables conntrack buildah crun docker-registry skopeo \
    iproute2 procps curl openssl ca-certificates util-linux
}

# cgroup_dirs: this cluster's cgroup in every mounted v1 hierarchy.
cgroup_dirs() {
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/; do
    [ -e "$hierarchy/cgroup.procs" ] && echo "${hierarchy%/}/$CGROUP_ROOT"
  done
}

host_up() {
  mkdir -p "$STATE/host"
  local key dir sub
  for key in "${HOST_SYSCTLS[@]}"; do echo "$key=$(sysctl -n "$key")"; done > "$STATE/host/sysctl.before"
  for dir in "${HOST_DIRS[@]}"; do [ -e "$dir" ] || echo "$dir"; done > "$STATE/host/created-dirs"
  ls /run/netns 2>/dev/null > "$STATE/host/netns.before" || true
  nft list tables > "$STATE/host/nft-tables.before"
  # One cgroup per node under ours: each kubelet owns the pods' tree under its own.
  for dir in $(cgroup_dirs); do
    for sub in "$dir" $(nodes_names | sed "s|^|$dir/|"); do
      mkdir -p "$sub"
      # A new v1 cpuset has no CPUs or memory nodes until given its parent's.
      if [ -e "$sub/cpuset.cpus" ]; then
        cat "$sub/../cpuset.cpus" > "$sub/cpuset.cpus"
        cat "$sub/../cpuset.mems" > "$sub/cpuset.mems"
      fi
    done
  done
  sysctl -qw net.ipv4.ip_forward=1
  ready_line host "sysctls recorded, cgroup /$CGROUP_ROOT"
}

# host_down: kills what is left in the cluster's cgroups, unmounts and removes
# what the node made, and restores every recorded sysctl.
host_down() {
  local dir pid mount ns
  for dir in $(cgroup_dirs); do
    [ -d "$dir" ] || continue
    for pid in $(find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  # Mounts under the state folder (pod volumes, sandbox shm, rootfs), deepest first.
  awk -v s="$STATE/" 'index($2, s) == 1 { print $2 }' /proc/self/mounts | sort -r |
    while read -r mount; do umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true; done
  if [ -f "$STATE/host/netns.before" ]; then
    for ns in $(ls /run/netns 2>/dev/null); do
      grep -qxF "$ns" "$STATE/host/netns.before" || ip netns delete "$ns" 2>/dev/null || true
    done
  fi
  for dir in $(cgroup_dirs); do
    [ -d "$dir" ] && find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  if [ -f "$STATE/host/created-dirs" ]; then
    # `ip netns add` makes /run/netns a mount point of its own: unmounted with the folder.
    while read -r dir; do
      [ -n "$dir" ] || continue
      if mountpoint -q "$dir"; then umount "$dir" || umount -l "$dir"; fi
      rm -rf "$dir"
    done < "$STATE/host/created-dirs"
  fi
  if [ -f "$STATE/host/sysctl.before" ]; then
    while read -r line; do sysctl -qw "$line" || log "could not restore sysctl $line"; done < "$STATE/host/sysctl.before"
  fi
}
