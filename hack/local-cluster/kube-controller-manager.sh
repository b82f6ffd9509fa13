# kube-controller-manager: every built-in controller (ReplicaSets, endpoints,
# the HorizontalPodAutoscaler, garbage collection, service-account tokens, node
# lifecycle). A node whose kubelet has not renewed its lease (every 2.5 s,
# kubelet.sh) for 10 s is marked NotReady, its pods leave the Services' endpoints
# and it is tainted unreachable, after which pods go by their tolerations
# (charts/hello-app.ts). Upstream waits 50 s, sized for large clusters and flaky
# networks; a node here is a process on this machine.
kube-controller-manager_up() {
  start kube-controller-manager kube-controller-manager --kubeconfig "$KUBECONFIG_FILE" \
    --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --use-service-account-credentials=false --controllers '*' \
    --node-monitor-grace-period 10s --node-monitor-period 1s
  ready_line kube-controller-manager started
}
