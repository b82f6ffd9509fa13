# containerd: the CRI runtime, with its own root, state and socket under the
# state folder so it never meets a host containerd. runc with cgroupfs,
# overlayfs, the local pause image as every pod's sandbox.
CONTAINERD_SOCK=$STATE/containerd/containerd.sock
# Per-registry pull configuration (hosts.toml files), read at every pull.
CONTAINERD_HOSTS=$STATE/containerd/hosts.d
PAUSE_IMAGE=localhost/hello-k8s/pause:1.0.0

containerd_up() {
  local dir=$STATE/containerd
  mkdir -p "$dir"
  cat > "$dir/config.toml" <<TOML
version = 2
root = "$dir/root"
state = "$dir/state"
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # Required here: this VM lacks CAP_SYS_RESOURCE, and runc's default
  # oom_score_adj of -998 for sandboxes fails every pod without it.
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$CONTAINERD_HOSTS"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
TOML
  start containerd containerd --config "$dir/config.toml"
  wait_for containerd 30 ctr --address "$CONTAINERD_SOCK" version
  ready_line containerd "$CONTAINERD_SOCK"
}

# ctr_ ARGS...: ctr on this cluster's containerd, in the namespace the CRI uses.
ctr_() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }
crictl_() { crictl --runtime-endpoint "unix://$CONTAINERD_SOCK" --timeout 10s "$@"; }

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
