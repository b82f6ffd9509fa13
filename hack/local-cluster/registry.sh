# registry: a real image registry on 127.0.0.1 (Debian's docker-registry, the
# distribution project's server). The app image is pushed to it by digest and
# the node's containerd resolves the image's registry host (ghcr.io in dist/)
# to it, so the kubelet pulls the pinned digest for real, as on a cloud node.
registry_up() {
  local dir=$STATE/registry
  REGISTRY=127.0.0.1:$(free_port)
  mkdir -p "$dir/storage"
  cat > "$dir/config.yml" <<YAML
version: 0.1
log: { level: warn, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $dir/storage } }
http: { addr: $REGISTRY }
YAML
  start registry docker-registry serve "$dir/config.yml"
  wait_for registry 30 curl -fsS "http://$REGISTRY/v2/"
  ready_line registry "http://$REGISTRY"
}

# image_location REFERENCE: "<registry> <repository>", where a runtime pulls the
# image from, by the rule charts/image-reference.ts implements (its one home).
image_location() {
  node --import tsx -e 'const r = require("./charts/image-reference").parseImageReference(process.argv[1]);
    console.log(`${r.registry} ${r.repository}`)' "$1"
}

# registry_push ARCHIVE REPOSITORY TAG: pushes an OCI archive to the local
# registry under that repository and tag, keeping its digest.
registry_push() {
  skopeo copy --quiet --preserve-digests --dest-tls-verify=false "oci-archive:$1" "docker://$REGISTRY/$2:$3"
}

# registry_mirror HOST ADDRESS: makes the node's containerd resolve HOST's images
# on the local registry only, at ADDRESS as the node reaches it (hosts.toml: its
# server is the local registry, so nothing is ever fetched from the real HOST).
registry_mirror() {
  mkdir -p "$CONTAINERD_HOSTS/$1"
  cat > "$CONTAINERD_HOSTS/$1/hosts.toml" <<TOML
server = "http://$2"

[host."http://$2"]
  capabilities = ["pull", "resolve"]
TOML
}
