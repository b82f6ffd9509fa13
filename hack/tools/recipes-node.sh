# Recipes: what the node runs under the kubelet, and the control plane's
# storage: containerd, runc, the CNI plugins, etcd (sourced by build.sh).

# containerd 2: the node's container runtime (its CRI plugin), the runc shim,
# and ctr. urfave_cli_no_docs drops the man-page generator, as upstream's
# release build does.
build_containerd() {
  BUILD_TAGS=urfave_cli_no_docs build_in_wrapper containerd "$CONTAINERD_VERSION" \
    "-s -w -X github.com/containerd/containerd/v2/version.Version=v$CONTAINERD_VERSION" \
    "require github.com/containerd/containerd/v2 v$CONTAINERD_VERSION" \
    github.com/containerd/containerd/v2/cmd/containerd:containerd \
    github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2:containerd-shim-runc-v2 \
    github.com/containerd/containerd/v2/cmd/ctr:ctr
}

# runc: the OCI runtime containerd's shim runs, with seccomp (cgo and
# libseccomp, as upstream's release build; the fallback path code stands in for
# the optional Rust libpathrs).
build_runc() {
  ensure_apt_packages gcc libc6-dev pkg-config libseccomp-dev
  BUILD_TAGS="seccomp urfave_cli_no_docs" build_in_wrapper runc "$RUNC_VERSION" \
    "-s -w -X main.version=$RUNC_VERSION" \
    "require github.com/opencontainers/runc v$RUNC_VERSION" \
    github.com/opencontainers/runc:runc
}

# The CNI plugins the node's network uses: bridge with host-local addresses,
# portmap, and the loopback containerd adds to every pod.
build_cni-plugins() {
  local p=github.com/containernetworking/plugins
  build_in_wrapper cni-plugins "$CNI_PLUGINS_VERSION" \
    "-s -w -X $p/pkg/utils/buildversion.BuildVersion=v$CNI_PLUGINS_VERSION" \
    "require $p v$CNI_PLUGINS_VERSION" \
    $p/plugins/main/bridge:bridge $p/plugins/ipam/host-local:host-local \
    $p/plugins/meta/portmap:portmap $p/plugins/main/loopback:loopback
}

# etcd: the API server's storage. Its command lives in a module the proxy does
# not serve (go.etcd.io/etcd/v3), so a two-line main calls the server module's
# etcdmain, which is that command.
build_etcd() {
  local work; work=$(tool_dir etcd "$ETCD_VERSION")/wrapper
  mkdir -p "$work/cmd/etcd"
  printf 'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n' > "$work/cmd/etcd/main.go"
  build_in_wrapper etcd "$ETCD_VERSION" \
    "-s -w" \
    "require go.etcd.io/etcd/server/v3 v$ETCD_VERSION" \
    ./cmd/etcd:etcd
}
