# host_state: what the local cluster may change on the host, one sorted line
# each: links, routes, iptables chains (both families), nftables tables, the
# node's sysctls, and the cluster's cgroups. Compared before and after a run.
host_state() {
  ip -o link show | awk -F': ' '{ print "link " $2 }' | sed 's/@.*//'
  ip route show table all | sed 's/^/route /'
  local family
  for family in iptables ip6tables; do
    # A host without the tool has none of its tables (the cluster installs it).
    command -v "$family-save" >/dev/null || continue
    "$family-save" 2>/dev/null | awk -v f="$family" '/^[*:]/ { print f " " $1 }'
  done
  if command -v nft >/dev/null; then nft list tables 2>/dev/null | sed 's/^/nft /'; fi
  sysctl net.ipv4.ip_forward net.ipv4.conf.all.route_localnet vm.overcommit_memory vm.panic_on_oom \
    kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes
  find /sys/fs/cgroup -maxdepth 2 -name 'hello-k8s*' | sed 's/^/cgroup /'
}
