# network: a node's pods' bridge (in the node's network namespace; no uplink,
# no masquerade), the CNI configuration its containerd reads, and a route that
# sends the whole Service CIDR into the bridge: without kube-proxy's rules a
# packet for a ClusterIP dies there instead of following a default route off
# the machine. A pod has routes to the other nodes' pods, the nodes and the
# Services through its node, and no default route: nothing it sends can leave
# the machine. Routes between the nodes: nodes.sh.
network_up() {
  in_node ip link add "$BRIDGE" type bridge
  in_node ip addr add "$BRIDGE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  in_node ip link set "$BRIDGE" up
  in_node ip route add "$SERVICE_CIDR" dev "$BRIDGE"
  mkdir -p "$NODE_DIR/cni/net.d" "$NODE_DIR/cni/ipam"
  cat > "$NODE_DIR/cni/net.d/10-hello-k8s.conflist" <<CNI
{
  "cniVersion": "1.0.0",
  "name": "hello-k8s",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$BRIDGE_IP" }]],
        "routes": [{ "dst": "$CLUSTER_POD_CIDR" }, { "dst": "$NODE_LINK_CIDR" }, { "dst": "$SERVICE_CIDR" }],
        "dataDir": "$NODE_DIR/cni/ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
CNI
  ready_line "network $NODE" "${NODE_NETNS:-host} network namespace: bridge $BRIDGE $BRIDGE_IP, pods $POD_CIDR, services $SERVICE_CIDR routed to the bridge"
}

# iptables_clean: removes every KUBE-* chain and rule (kubelet, kube-proxy), the
# CNI portmap chains and our HELLO-K8S-* chains (nodes.sh), in both address families.
iptables_clean() {
  local family rules
  for family in iptables ip6tables; do
    command -v "$family-save" >/dev/null || continue
    rules=$("$family-save" 2>/dev/null)
    grep -qE 'KUBE-|CNI-(HOSTPORT|DN-)|HELLO-K8S-' <<<"$rules" || continue
    grep -vE 'KUBE-|CNI-(HOSTPORT|DN-)|HELLO-K8S-' <<<"$rules" | "$family-restore"
  done
}

# nft_tables_clean: deletes the (iptables-nft) tables that appeared with the
# cluster and are empty now; a table with anyone's rules left stays.
nft_tables_clean() {
  [ -f "$STATE/host/nft-tables.before" ] || return 0
  local family table tool
  nft list tables | while read -r _ family table; do
    grep -qxF "table $family $table" "$STATE/host/nft-tables.before" && continue
    case $family in ip) tool=iptables-save ;; ip6) tool=ip6tables-save ;; *) continue ;; esac
    [[ $("$tool" -t "$table" 2>/dev/null) == *$'\n-A '* ]] || nft delete table "$family" "$table"
  done
}

# network_down: node 1's bridge and the host's rules (the other nodes' go with
# their network namespaces), and the NetworkPolicy engine's table on the host.
network_down() {
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi  # its routes go with it
  nodes_unfence
  iptables_clean
  if [ -f "$STATE/host/nft-tables.before" ] && ! grep -qxF "table inet $NETWORK_POLICIES_TABLE" "$STATE/host/nft-tables.before"; then
    nft delete table inet "$NETWORK_POLICIES_TABLE" 2>/dev/null || true
  fi
  nft_tables_clean
}
