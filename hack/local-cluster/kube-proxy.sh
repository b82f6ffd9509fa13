# kube-proxy: iptables mode. Services' ClusterIPs, NodePorts (on 127.0.0.0/8
# only) and load-balancer addresses become DNAT rules to ready pods. Its
# conntrack settings are 0 so it writes no conntrack sysctls.
kube-proxy_up() {
  local dir=$STATE/kube-proxy
  mkdir -p "$dir"
  kubeconfig "$dir/kubeconfig" kube-proxy
  cat > "$dir/config.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: { kubeconfig: $dir/kubeconfig }
hostnameOverride: $NODE_NAME
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:$(free_port)
metricsBindAddress: 127.0.0.1:$(free_port)
clusterCIDR: $POD_CIDR
nodePortAddresses: [127.0.0.0/8]
conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s }
# One node and a handful of Services: write rule changes within 0.1 s, not 1 s.
iptables: { minSyncPeriod: 100ms }
YAML
  # The kube-proxy identity needs the built-in node-proxier role.
  kubectl_ create clusterrolebinding hello-k8s:kube-proxy --clusterrole system:node-proxier --user system:kube-proxy >/dev/null
  start kube-proxy kube-proxy --config "$dir/config.yaml"
  wait_for kube-proxy 30 kube_proxy_synced
  ready_line kube-proxy "iptables mode, NodePorts on 127.0.0.0/8"
}

# kube_proxy_synced: its first full sync has written the Service chains.
kube_proxy_synced() { [[ $(iptables-save -t nat 2>/dev/null) == *$'\n:KUBE-SERVICES '* ]]; }
