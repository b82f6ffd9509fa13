# kube-proxy: a node's, in iptables mode, in the node's network namespace.
# Services' ClusterIPs, NodePorts (on 127.0.0.0/8 only) and load-balancer
# addresses become DNAT rules to ready pods on any node. Its conntrack settings
# are 0 so it writes no conntrack sysctls.
kube-proxy_up() {
  local dir=$NODE_DIR/kube-proxy
  mkdir -p "$dir"
  kubeconfig "$dir/kubeconfig" kube-proxy "$CONTROL_PLANE_IP"
  cat > "$dir/config.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: { kubeconfig: $dir/kubeconfig }
hostnameOverride: $NODE_NAME
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:$(free_port)
metricsBindAddress: 127.0.0.1:$(free_port)
clusterCIDR: $CLUSTER_POD_CIDR
nodePortAddresses: [127.0.0.0/8]
conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s }
# One node and a handful of Services: write rule changes within 0.1 s, not 1 s.
iptables: { minSyncPeriod: 100ms }
YAML
  # The kube-proxy identity needs the built-in node-proxier role.
  [ "$NODE" -gt 1 ] || kubectl_ create clusterrolebinding hello-k8s:kube-proxy --clusterrole system:node-proxier --user system:kube-proxy >/dev/null
  start_in_node kube-proxy kube-proxy --config "$dir/config.yaml"
  wait_for "kube-proxy of $NODE_NAME" 30 kube_proxy_synced
  ready_line "kube-proxy $NODE" "iptables mode, NodePorts on 127.0.0.0/8"
}

# kube_proxy_synced: its first full sync has written the Service chains.
kube_proxy_synced() { [[ $(in_node iptables-save -t nat 2>/dev/null) == *$'\n:KUBE-SERVICES '* ]]; }
