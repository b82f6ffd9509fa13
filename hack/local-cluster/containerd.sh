# containerd 2: the CRI runtime, with its own root, state and sockets under the
# state folder so it never meets a host containerd. runc with cgroupfs,
# overlayfs, the local pause image as every pod's sandbox.
# Each node's socket, per-registry pull configuration (hosts.toml files, read at
# every pull) and shim socket folder: node_select (nodes.sh).
PAUSE_IMAGE=localhost/hello-k8s/pause:1.0.0

containerd_up() {
  local dir=$NODE_DIR/containerd runc=$HELLO_K8S_CACHE/tools/runc@$RUNC_VERSION/bin/runc
  mkdir -p "$dir" "$SHIM_SOCKET_DIR"
  cat > "$dir/config.toml" <<TOML
version = 3
root = "$dir/root"
state = "$dir/state"
[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"
[plugins.'io.containerd.internal.v1.opt']
  path = "$dir/opt"
[plugins.'io.containerd.shim.v1.manager']
  socket_dir = "$SHIM_SOCKET_DIR"
[plugins.'io.containerd.nri.v1.nri']
  disable = true
[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = "127.0.0.1"
[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "$PAUSE_IMAGE"
  [plugins.'io.containerd.cri.v1.images'.registry]
    config_path = "$CONTAINERD_HOSTS"
[plugins.'io.containerd.cri.v1.runtime']
  # LOCAL SETTING (this host lacks CAP_SYS_RESOURCE): runc's default
  # oom_score_adj of -998 for sandboxes fails every pod without it.
  restrict_oom_score_adj = true
  # Pod network namespaces in the state folder, not /run/netns.
  netns_mounts_under_state_dir = true
  cdi_spec_dirs = ["$dir/cdi"]
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = "$runc"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["$HELLO_K8S_CACHE/tools/cni-plugins@$CNI_PLUGINS_VERSION/bin"]
    conf_dir = "$NODE_DIR/cni/net.d"
TOML
  # crictl's own configuration, so it never looks for /etc/crictl.yaml.
  printf 'runtime-endpoint: unix://%s\nimage-endpoint: unix://%s\ntimeout: 10\n' "$CONTAINERD_SOCK" "$CONTAINERD_SOCK" > "$CRICTL_CONFIG"
  start_in_node containerd containerd --config "$dir/config.toml"
  wait_for "containerd of $NODE_NAME" 30 ctr --address "$CONTAINERD_SOCK" version
  ready_line "containerd $NODE" "$(containerd --version | cut -d' ' -f3), $CONTAINERD_SOCK"
}

# containerd_down: removes the shims' socket folder (after containerd and its shims stopped).
containerd_down() { rm -rf "$SHIM_SOCKET_DIR"; }

# ctr_ ARGS...: ctr on this cluster's containerd, in the namespace the CRI uses.
ctr_() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }
crictl_() { crictl --config "$CRICTL_CONFIG" "$@"; }

# containerd_pods_down: stops and removes every pod through the CRI, so
# containerd tears down their networks (CNI DEL) and namespaces itself.
containerd_pods_down() {
  [ -S "$CONTAINERD_SOCK" ] && command -v crictl >/dev/null || return 0
  crictl_ rmp --all --force >/dev/null 2>&1 || true
}

# containerd_shims: pids of the shims our containerd started (they outlive it by design).
containerd_shims() {
  local pid
  for pid in $(pgrep -f containerd-shim 2>/dev/null); do
    if grep -qF "$CONTAINERD_SOCK" "/proc/$pid/cmdline" 2>/dev/null; then echo "$pid"; fi
  done
}
