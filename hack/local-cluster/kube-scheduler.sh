# kube-scheduler: places pods on the node.
kube-scheduler_up() {
  start kube-scheduler kube-scheduler --kubeconfig "$KUBECONFIG_FILE" \
    --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false
  ready_line kube-scheduler started
}
