# cloud-controller: node addresses and load-balancer addresses (cloud-controller.js),
# with its own identity and only the rights those two jobs need.
cloud-controller_up() {
  cert cloud-controller /CN=hello-k8s:cloud-controller
  kubectl_ apply -f - >/dev/null <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "hello-k8s:cloud-controller" }
rules:
  - { apiGroups: [""], resources: [nodes, services], verbs: [list, patch] }
  - { apiGroups: [""], resources: [nodes/status, services/status], verbs: [patch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "hello-k8s:cloud-controller" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "hello-k8s:cloud-controller" }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: "hello-k8s:cloud-controller" }]
YAML
  start cloud-controller node "$ROOT/hack/local-cluster/cloud-controller.js" "https://127.0.0.1:$API_PORT" "$STATE/pki"
  ready_line cloud-controller "node addresses; load-balancer addresses on 127.0.0.0/8"
}
