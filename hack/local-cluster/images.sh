# images: nothing can be pulled from the internet here, so the node's two
# images are built locally: the pause sandbox (hack/local-cluster/pause), imported
# into containerd under its full reference, and hello-app (npm run image),
# pushed to the local registry under the name and digest dist/ pins.
IMAGE_CACHE=${HELLO_K8S_CACHE:-$HOME/.cache/hello-k8s}/images

# image_digest REFERENCE: the manifest digest containerd holds for REFERENCE, if any.
image_digest() { ctr_ images ls "name==$1" 2>/dev/null | awk 'NR == 2 { print $3 }'; }


# import_image ARCHIVE REFERENCE: imports unless containerd already has these bytes.
import_image() {
  local want; want=$(oci_archive_digest "$1")
  [ "$(image_digest "$2")" = "$want" ] && return 0
  ctr_ images import --snapshotter overlayfs "$1" >/dev/null
  [ "$(image_digest "$2")" = "$want" ] || { log "import of $1 did not produce $2 ($want)"; return 1; }
}

# pause_archive: builds the pause image once per source change.
pause_archive() {
  local src=$ROOT/hack/local-cluster/pause
  local sum; sum=$(cat "$src/go.mod" "$src/main.go" | sha256sum | cut -c1-16)
  local archive=$IMAGE_CACHE/pause-$sum.oci.tar
  if [ ! -f "$archive" ]; then
    mkdir -p "$IMAGE_CACHE"
    (cd "$src" && CGO_ENABLED=0 GOTOOLCHAIN=local go build -trimpath -ldflags '-s -w' -o "$IMAGE_CACHE/pause" .)
    scratch_image "$IMAGE_CACHE/pause" "$archive.tmp" "$PAUSE_IMAGE" --user 65535:65535 >&2
    mv "$archive.tmp" "$archive"
  fi
  echo "$archive"
}

# push_tree_image TREE: another checkout's app image (its npm run image), pushed to
# the running cluster's registry under the reference its dist/ pins: how the
# pull-request deploy (hack/pr-deploy) serves the base branch's image too.
push_tree_image() (
  ROOT=$(cd "$1" && pwd); DIST_MANIFEST=$ROOT/dist/local.k8s.yaml
  cd "$ROOT"  # npm run image builds where it runs (a subshell: the caller keeps its folder)
  REGISTRY=$(sed -n 's/^http: { addr: \(.*\) }$/\1/p' "$STATE/registry/config.yml")
  local app archive location registry repository
  app=$(dist_image)
  archive=$(app_archive)
  location=$(image_location "$app")
  read -r registry repository <<<"$location"
  registry_push "$archive" "$repository" "${app##*:}"
  log "$app@$(oci_archive_digest "$archive") (from $ROOT) pushed to $REGISTRY"
)

# app_archive: npm run image, when the archive is missing or older than app/ or dist/.
# (Its digest is checked against dist/'s pin before anything runs it.)
app_archive() {
  local archive=$ROOT/build/image/hello-app.oci.tar
  if [ ! -f "$archive" ] || [ -n "$(find "$ROOT/app" "$ROOT/dist/local.k8s.yaml" -newer "$archive" -print -quit)" ]; then
    bash "$ROOT/app/build-image.sh" >&2
  fi
  echo "$archive"
}

# images_up: the app image pushed to the registry, once for the cluster.
images_up() {
  # The app image is pulled by the kubelet, by digest, from the local registry.
  local app digest pinned archive
  app=$(dist_image)
  archive=$(app_archive)
  digest=$(oci_archive_digest "$archive")
  pinned=$(dist_digest)
  if [ -n "$pinned" ] && [ "$pinned" != "$digest" ]; then
    log "dist/local.k8s.yaml pins hello-app $pinned but app/ builds $digest: run \`npm run image -- --pin\`, review and commit"
    return 1
  fi
  local location repository
  location=$(cd "$ROOT" && image_location "$app")
  read -r APP_REGISTRY repository <<<"$location"
  registry_push "$archive" "$repository" "${app##*:}"
  ready_line images "$app@$digest pushed to $REGISTRY, which serves $APP_REGISTRY to the nodes"
}

# node_images_up: the pause image imported into the node's containerd, and
# the app image's registry resolved to the local one, as the node reaches it.
node_images_up() {
  import_image "$(pause_archive)" "$PAUSE_IMAGE"
  registry_mirror "$APP_REGISTRY" "$CONTROL_PLANE_IP:${REGISTRY##*:}"
  ready_line "images $NODE" "$PAUSE_IMAGE imported; $APP_REGISTRY from http://$CONTROL_PLANE_IP:${REGISTRY##*:}"
}
