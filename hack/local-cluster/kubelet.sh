# kubelet: a node's agent. Client certificate system:node:<name> (the Node
# authorizer scopes it), its own API on the node's address with x509 + webhook
# authentication and webhook authorization (no anonymous access), a serving
# certificate from the cluster CA, pods under the cgroup /hello-k8s/<node>.
# --cloud-provider=external: the cloud controller sets the node's address, as
# on a cloud: node 1's is 127.0.0.1 (a kubelet refuses a loopback --node-ip), so
# the apiserver reaches its loopback-only kubelet for logs, exec and port-forward;
# the others' is their own (--node-ip). The zone label is the node pool's.
kubelet_up() {
  local dir=$NODE_DIR/kubelet pki=$STATE/pki
  KUBELET_PORT=$(free_port)
  mkdir -p "$dir"
  cert "kubelet-$NODE" "/O=system:nodes/CN=system:node:$NODE_NAME"
  # The kubelet's serving certificate, so clients verify it through the cluster CA.
  cert "kubelet-serving-$NODE" "/CN=$NODE_NAME" "IP:$NODE_IP,DNS:$NODE_NAME"
  kubeconfig "$dir/kubeconfig" "kubelet-$NODE" "$CONTROL_PLANE_IP"
  cat > "$dir/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $(free_port)
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $pki/ca.crt }
authorization: { mode: Webhook }
tlsCertFile: $pki/kubelet-serving-$NODE.crt
tlsPrivateKeyFile: $pki/kubelet-serving-$NODE.key
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_ROOT/$NODE_NAME
cgroupsPerQOS: true
enforceNodeAllocatable: [pods]
failSwapOn: false
$(host_kubelet_settings)
podCIDR: $POD_CIDR
# Its own, so one node's log cleanup never meets another's pods.
podLogsDir: $NODE_DIR/pod-logs
# The lease is renewed every quarter of this: every 2.5 s, so the control plane
# notices a lost node within its --node-monitor-grace-period (kube-controller-manager.sh).
nodeLeaseDurationSeconds: 10
maxPods: 50
volumePluginDir: $dir/volume-plugins
# Sized for a small disk: evict only when it is nearly full.
evictionHard: { nodefs.available: 5%, imagefs.available: 5%, memory.available: 100Mi }
imageGCHighThresholdPercent: 95
imageGCLowThresholdPercent: 90
serializeImagePulls: false
YAML
  local node_ip=()
  [ "$NODE_IP" = 127.0.0.1 ] || node_ip=(--node-ip "$NODE_IP")
  start_in_node kubelet kubelet --config "$dir/config.yaml" --kubeconfig "$dir/kubeconfig" --root-dir "$dir" \
    --hostname-override "$NODE_NAME" --cloud-provider external "${node_ip[@]}" \
    --node-labels "topology.kubernetes.io/region=local,topology.kubernetes.io/zone=$NODE_ZONE"
  wait_for "node $NODE_NAME registered" 60 api_curl "/api/v1/nodes/$NODE_NAME"
  ready_line "kubelet $NODE" "$NODE_IP:$KUBELET_PORT, node $NODE_NAME registered in zone $NODE_ZONE"
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
  ready_line "node $NODE" "$NODE_NAME Ready at $(kubectl_ get node "$NODE_NAME" -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')"
}

node_initialized() {
  [ -z "$(kubectl_ get node "$NODE_NAME" -o jsonpath='{.spec.taints}')" ] &&
    [ "$(kubectl_ get node "$NODE_NAME" -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')" = "$NODE_IP" ]
}
