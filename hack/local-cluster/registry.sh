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

# image_registry NAME / image_repository NAME: where a runtime pulls an image
# name (no tag) from, by the rule charts/image-reference.ts documents: the first
# component is a registry host only if it has a "." or ":" or is localhost.
image_registry() {
  local first=${1%%/*}
  if [[ $1 == */* && ( $first == *[.:]* || $first == localhost ) ]]; then echo "$first"; else echo docker.io; fi
}
image_repository() {
  if [ "$(image_registry "$1")" = docker.io ]; then
    [[ $1 == */* ]] && echo "$1" || echo "library/$1"
  else
    echo "${1#*/}"
  fi
}

# registry_push ARCHIVE REFERENCE: pushes an OCI archive (name:tag) to the local
# registry under the same repository and tag, keeping its digest.
registry_push() {
  local name=${2%:*} tag=${2##*:}
  skopeo copy --quiet --preserve-digests --dest-tls-verify=false \
    "oci-archive:$1" "docker://$REGISTRY/$(image_repository "$name"):$tag"
}

# registry_mirror HOST: makes containerd resolve HOST's images on the local
# registry only (hosts.toml: its server is the local registry, so nothing is
# ever fetched from the real HOST).
registry_mirror() {
  mkdir -p "$CONTAINERD_HOSTS/$1"
  cat > "$CONTAINERD_HOSTS/$1/hosts.toml" <<TOML
server = "http://$REGISTRY"

[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve"]
TOML
}
