# network-policies: NetworkPolicy enforced on each node by kube-network-policies
# (kind's engine): the first packet of every connection to or from a pod goes
# to the engine over an nfqueue (sent there by its own nftables table, or on this
# machine by network_policies_steer), and it accepts or drops it by the policies.
NETWORK_POLICIES_TABLE=kube-network-policies
NETWORK_POLICIES_QUEUE=100

network-policies_up() {
  [ "$NODE" -gt 1 ] || network_policies_identity
  # 0.8 reads only the in-cluster configuration, a pod's: the API's address in
  # its environment and a ServiceAccount token at a fixed path. Here it is a node
  # process, so it gets a private mount namespace whose /run holds that token
  # (network-policies-run.sh); the host's /run is untouched.
  local dir=$NODE_DIR/network-policies
  mkdir -p "$dir/serviceaccount"
  cp "$STATE/pki/ca.crt" "$dir/serviceaccount/ca.crt"
  (umask 077; kubectl_ create token kube-network-policies -n kube-system --duration 24h > "$dir/serviceaccount/token")
  # Run through a link in the state folder, so `running` and `stop` know it as this cluster's.
  ln -sf "$(command -v kube-network-policies)" "$dir/kube-network-policies"
  start_in_node network-policies env KUBERNETES_SERVICE_HOST="$CONTROL_PLANE_IP" KUBERNETES_SERVICE_PORT="$API_PORT" \
    unshare --mount --propagation private -- bash "$HERE/network-policies-run.sh" "$dir" \
    --hostname-override "$NODE_NAME" --metrics-bind-address "127.0.0.1:$(free_port)" --disable-nri \
    --nfqueue-id "$NETWORK_POLICIES_QUEUE"
  wait_for "the NetworkPolicy engine of $NODE_NAME on nfqueue $NETWORK_POLICIES_QUEUE" 30 network_policies_listening
  local steering="its nftables table inet $NETWORK_POLICIES_TABLE"
  if ! in_node nft list table inet "$NETWORK_POLICIES_TABLE" >/dev/null 2>&1; then
    network_policies_steer
    steering="iptables NFQUEUE (this kernel has no nftables queue expression)"
  fi
  ready_line "network-policies $NODE" "kube-network-policies $KUBE_NETWORK_POLICIES_VERSION on nfqueue $NETWORK_POLICIES_QUEUE, packets sent by $steering"
}

# network_policies_listening: the engine holds its queue in the node's network namespace.
network_policies_listening() { in_node awk -v q="$NETWORK_POLICIES_QUEUE" '$1 == q { found = 1 } END { exit !found }' /proc/net/netfilter/nfnetlink_queue; }

# network_policies_steer: LOCAL SETTING, only because of this machine's kernel,
# built without CONFIG_NFT_QUEUE: the engine's own nftables rules cannot load
# (netlink: no such file), so the same packets reach its queue through the
# iptables NFQUEUE target (xt_NFQUEUE), which the kernel has. The rules mirror
# the engine's chain: before source NAT, the first packet of each connection to
# or from a pod, but not what root sends from the node itself (the kubelet's
# probes); without --queue-bypass, so nothing passes while the engine is down.
# It queues every pod, not only those a policy selects: the engine accepts the rest.
network_policies_steer() {
  local chain=HELLO-K8S-NETWORK-POLICIES
  in_node iptables -t mangle -N "$chain"
  in_node iptables -t mangle -A "$chain" -m owner --uid-owner 0 -j RETURN
  in_node iptables -t mangle -A "$chain" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
  in_node iptables -t mangle -A "$chain" -s "$CLUSTER_POD_CIDR" -j NFQUEUE --queue-num "$NETWORK_POLICIES_QUEUE"
  in_node iptables -t mangle -A "$chain" -d "$CLUSTER_POD_CIDR" -j NFQUEUE --queue-num "$NETWORK_POLICIES_QUEUE"
  in_node iptables -t mangle -A POSTROUTING -j "$chain"
}

# network_policies_identity: its ServiceAccount, allowed to read what policies refer to.
network_policies_identity() {
  kubectl_ apply -f - >/dev/null <<YAML
apiVersion: v1
kind: ServiceAccount
metadata: { name: kube-network-policies, namespace: kube-system }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "hello-k8s:network-policies" }
rules:
  - { apiGroups: [""], resources: [pods, namespaces, nodes], verbs: [get, list, watch] }
  - { apiGroups: [networking.k8s.io], resources: [networkpolicies], verbs: [get, list, watch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "hello-k8s:network-policies" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "hello-k8s:network-policies" }
subjects: [{ kind: ServiceAccount, name: kube-network-policies, namespace: kube-system }]
YAML
}
