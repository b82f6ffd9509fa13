# kubelet: the node agent. Client certificate system:node:<name> (the Node
# authorizer scopes it), its own API on 127.0.0.1 with x509 + webhook
# authentication and webhook authorization (no anonymous access), a serving
# certificate from the cluster CA, pods under the cgroup /hello-k8s.
# --cloud-provider=external: the cloud controller sets the node's address to
# 127.0.0.1 (a kubelet refuses a loopback --node-ip), so the apiserver reaches
# this loopback-only kubelet for logs, exec and port-forward.
kubelet_up() {
  local dir=$STATE/kubelet pki=$STATE/pki
  KUBELET_PORT=$(free_port)
  mkdir -p "$dir"
  kubeconfig "$dir/kubeconfig" kubelet
  cat > "$dir/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $(free_port)
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $pki/ca.crt }
authorization: { mode: Webhook }
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_ROOT
cgroupsPerQOS: true
enforceNodeAllocatable: [pods]
failSwapOn: false
$(host_kubelet_settings)
podCIDR: $POD_CIDR
maxPods: 50
volumePluginDir: $dir/volume-plugins
# Sized for a small disk: evict only when it is nearly full.
evictionHard: { nodefs.available: 5%, imagefs.available: 5%, memory.available: 100Mi }
imageGCHighThresholdPercent: 95
imageGCLowThresholdPercent: 90
serializeImagePulls: false
YAML
  start kubelet kubelet --config "$dir/config.yaml" --kubeconfig "$dir/kubeconfig" --root-dir "$dir" \
    --hostname-override "$NODE_NAME" --cloud-provider external
  wait_for "node $NODE_NAME registered" 60 api_curl "/api/v1/nodes/$NODE_NAME"
  ready_line kubelet "127.0.0.1:$KUBELET_PORT, node $NODE_NAME registered"
}

# host_kubelet_settings: LOCAL SETTINGS, only because of this host, never the
# example: Kubernetes 1.35+ refuses cgroup v1 unless told otherwise (upstream
# keeps it in maintenance mode), and cgroup v1 is what this machine runs.
host_kubelet_settings() {
  [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || echo "failCgroupV1: false"
}

# node_ready: the node is Ready and initialized by the cloud controller (address, no taint).
node_ready() {
  wait_for "node $NODE_NAME Ready" 90 kubectl_ wait --for=condition=Ready "node/$NODE_NAME" --timeout=1s
  wait_for "node $NODE_NAME initialized" 60 node_initialized
  ready_line node "$NODE_NAME Ready at $(kubectl_ get node "$NODE_NAME" -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')"
}

node_initialized() {
  [ -z "$(kubectl_ get node "$NODE_NAME" -o jsonpath='{.spec.taints}')" ] &&
    [ "$(kubectl_ get node "$NODE_NAME" -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')" = 127.0.0.1 ]
}
