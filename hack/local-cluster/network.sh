# network: the pods' bridge (host-only, no uplink, no masquerade), the CNI
# configuration containerd reads, and a route that sends the whole Service
# CIDR into the bridge: without kube-proxy's rules a packet for a ClusterIP
# dies there instead of following the default route off the machine.
network_up() {
  ip link add "$BRIDGE" type bridge
  ip addr add "$BRIDGE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  ip route add "$SERVICE_CIDR" dev "$BRIDGE"
  mkdir -p "$STATE/cni/net.d" "$STATE/cni/ipam"
  cat > "$STATE/cni/net.d/10-hello-k8s.conflist" <<CNI
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
        "dataDir": "$STATE/cni/ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
CNI
  ready_line network "bridge $BRIDGE $BRIDGE_IP, pods $POD_CIDR, services $SERVICE_CIDR routed to the bridge"
}

# iptables_clean: removes every KUBE-* chain and rule (kubelet, kube-proxy) and
# the CNI portmap chains, in both address families.
iptables_clean() {
  local family rules
  for family in iptables ip6tables; do
    command -v "$family-save" >/dev/null || continue
    rules=$("$family-save" 2>/dev/null)
    grep -qE 'KUBE-|CNI-(HOSTPORT|DN-)' <<<"$rules" || continue
    grep -vE 'KUBE-|CNI-(HOSTPORT|DN-)' <<<"$rules" | "$family-restore"
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

network_down() {
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi  # its routes go with it
  iptables_clean
  nft_tables_clean
}
