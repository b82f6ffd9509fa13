# metrics-server: the resource metrics API behind `kubectl top` and the
# HorizontalPodAutoscaler. It scrapes the kubelet over TLS verified by the
# cluster CA (no --kubelet-insecure-tls) and serves on the bridge's address:
# an APIService's endpoint cannot be a loopback address.
metrics-server_up() {
  local dir=$STATE/metrics-server port; port=$(free_port)
  mkdir -p "$dir"
  # The aggregator verifies the name of the Service the APIService names.
  cert metrics-server /CN=hello-k8s:metrics-server "IP:$NODE1_BRIDGE_IP,DNS:metrics-server.kube-system.svc"
  kubeconfig "$dir/kubeconfig" metrics-server
  kubectl_ apply -f - >/dev/null <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "system:metrics-server" }
rules:
  - { apiGroups: [""], resources: [nodes/metrics], verbs: [get] }
  - { apiGroups: [""], resources: [pods, nodes], verbs: [get, list, watch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "system:metrics-server" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:metrics-server" }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: "hello-k8s:metrics-server" }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "hello-k8s:metrics-server:auth-delegator" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:auth-delegator" }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: "hello-k8s:metrics-server" }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: "hello-k8s:metrics-server:auth-reader", namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: "hello-k8s:metrics-server" }]
---
# Readers of metrics.k8s.io (the standard aggregated role: admins and editors can read metrics).
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "system:aggregated-metrics-reader"
  labels:
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
  - { apiGroups: [metrics.k8s.io], resources: [pods, nodes], verbs: [get, list, watch] }
---
apiVersion: v1
kind: Service
metadata: { name: metrics-server, namespace: kube-system }
spec: { ports: [{ name: https, port: 443, targetPort: $port }] }
---
# A Service without a selector, and its endpoint by hand: metrics-server runs on the host.
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: metrics-server
  namespace: kube-system
  labels: { kubernetes.io/service-name: metrics-server }
addressType: IPv4
ports: [{ name: https, port: $port, protocol: TCP }]
endpoints: [{ addresses: ["$NODE1_BRIDGE_IP"], conditions: { ready: true } }]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: { name: v1beta1.metrics.k8s.io }
spec:
  group: metrics.k8s.io
  version: v1beta1
  service: { name: metrics-server, namespace: kube-system, port: 443 }
  caBundle: $(base64 -w0 < "$STATE/pki/ca.crt")
  groupPriorityMinimum: 100
  versionPriority: 100
YAML
  start metrics-server metrics-server --kubeconfig "$dir/kubeconfig" \
    --authentication-kubeconfig "$dir/kubeconfig" --authorization-kubeconfig "$dir/kubeconfig" \
    --bind-address "$NODE1_BRIDGE_IP" --secure-port "$port" \
    --tls-cert-file "$STATE/pki/metrics-server.crt" --tls-private-key-file "$STATE/pki/metrics-server.key" \
    --kubelet-certificate-authority "$STATE/pki/ca.crt" --kubelet-preferred-address-types InternalIP \
    --kubelet-use-node-status-port --metric-resolution 15s
  # Discovery through the aggregator: proves the apiserver reaches and trusts it.
  wait_for "metrics.k8s.io served" 60 api_curl /apis/metrics.k8s.io/v1beta1
  ready_line metrics-server "https://$NODE1_BRIDGE_IP:$port, metrics.k8s.io served through the aggregator"
}
