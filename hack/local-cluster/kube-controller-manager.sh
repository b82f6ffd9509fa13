# kube-controller-manager: every built-in controller (ReplicaSets, endpoints,
# the HorizontalPodAutoscaler, garbage collection, service-account tokens).
kube-controller-manager_up() {
  start kube-controller-manager kube-controller-manager --kubeconfig "$KUBECONFIG_FILE" \
    --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --use-service-account-credentials=false --controllers '*'
  ready_line kube-controller-manager started
}
