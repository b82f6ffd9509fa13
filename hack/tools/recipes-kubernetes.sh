# Recipes: Kubernetes (control plane, kubelet, kube-proxy), kubectl, crictl and
# metrics-server (sourced by build.sh).

# The wrapper go.mod body for anything built against k8s.io/kubernetes: the
# release points its staging modules (k8s.io/api, client-go, ...) at ./staging;
# use their published tags instead, for each staging module the release requires
# (the list is read from the release's own go.mod, so it follows the version).
kubernetes_gomod() {
  local staging_version="v0.${KUBERNETES_VERSION#1.}" gomod m
  gomod=$(cd /tmp && go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')
  [ -n "$gomod" ] || { log "cannot download k8s.io/kubernetes@v$KUBERNETES_VERSION"; return 1; }
  echo "require k8s.io/kubernetes v$KUBERNETES_VERSION"
  echo "replace ("
  for m in $(sed -n 's|^\s*\(k8s\.io/[a-z-]*\) => \./staging/.*|\1|p' "$gomod"); do
    grep -qE "^\s+$m v0\.0\.0" "$gomod" && echo "	$m => $m $staging_version"
  done
  echo ")"
}

# kubernetes_ldflags: stamps the release version, as Kubernetes' own build does.
kubernetes_ldflags() {
  local v=$KUBERNETES_VERSION x=k8s.io/component-base/version
  echo "-s -w -checklinkname=0 -X $x.gitVersion=v$v -X $x.gitMajor=1 -X $x.gitMinor=$(echo "$v" | cut -d. -f2) -X $x.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=v$v"
}

build_kubernetes() {
  build_in_wrapper kubernetes "$KUBERNETES_VERSION" "$(kubernetes_ldflags)" "$(kubernetes_gomod)" \
    k8s.io/kubernetes/cmd/kube-apiserver:kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager:kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler:kube-scheduler \
    k8s.io/kubernetes/cmd/kubelet:kubelet \
    k8s.io/kubernetes/cmd/kube-proxy:kube-proxy
}

# kubectl of the cluster's own release: every script and test uses this one.
build_kubectl() {
  build_in_wrapper kubectl "$KUBERNETES_VERSION" "$(kubernetes_ldflags)" "$(kubernetes_gomod)" \
    k8s.io/kubernetes/cmd/kubectl:kubectl
}

# crictl, the CRI's own client: lists, inspects and removes the node's pods.
build_crictl() {
  build_in_wrapper crictl "$CRICTL_VERSION" \
    "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$CRICTL_VERSION" \
    "require sigs.k8s.io/cri-tools v$CRICTL_VERSION" \
    sigs.k8s.io/cri-tools/cmd/crictl:crictl
}

# metrics-server: the resource metrics API (kubectl top, the autoscaler's CPU).
build_metrics-server() {
  build_in_wrapper metrics-server "$METRICS_SERVER_VERSION" \
    "-s -w -X sigs.k8s.io/metrics-server/pkg/version.gitVersion=v$METRICS_SERVER_VERSION" \
    "require sigs.k8s.io/metrics-server v$METRICS_SERVER_VERSION" \
    sigs.k8s.io/metrics-server/cmd/metrics-server:metrics-server
}

# kube-network-policies: enforces NetworkPolicy on a node (kind's engine).
build_kube-network-policies() {
  build_in_wrapper kube-network-policies "$KUBE_NETWORK_POLICIES_VERSION" "-s -w" \
    "require sigs.k8s.io/kube-network-policies v$KUBE_NETWORK_POLICIES_VERSION" \
    sigs.k8s.io/kube-network-policies/cmd:kube-network-policies
}
