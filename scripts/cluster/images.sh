# images: nothing can be pulled here, so the node's two images are built
# locally and imported into containerd under their full references: the pause
# sandbox (scripts/cluster/pause) and hello-app, named exactly as dist/ names it.
IMAGE_CACHE=${HELLO_K8S_CACHE:-$HOME/.cache/hello-k8s}/images

# image_digest REFERENCE: the manifest digest containerd holds for REFERENCE, if any.
image_digest() { ctr_ images ls "name==$1" 2>/dev/null | awk 'NR == 2 { print $3 }'; }

# archive_digest ARCHIVE: the manifest digest inside an OCI archive.
archive_digest() { tar -xOf "$1" index.json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0)).manifests[0].digest)'; }

# import_image ARCHIVE REFERENCE: imports unless containerd already has these bytes.
import_image() {
  local want; want=$(archive_digest "$1")
  [ "$(image_digest "$2")" = "$want" ] && return 0
  ctr_ images import --snapshotter overlayfs "$1" >/dev/null
  [ "$(image_digest "$2")" = "$want" ] || { log "import of $1 did not produce $2 ($want)"; return 1; }
}

# pause_archive: builds the pause image once per source change.
pause_archive() {
  local src=$ROOT/scripts/cluster/pause
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

# app_archive: npm run image, when the archive is missing or older than app/ or dist/.
app_archive() {
  local archive=$ROOT/build/image/hello-app.oci.tar
  if [ ! -f "$archive" ] || [ -n "$(find "$ROOT/app" "$ROOT/dist/local.k8s.yaml" -newer "$archive" -print -quit)" ]; then
    bash "$ROOT/app/build-image.sh" >&2
  fi
  echo "$archive"
}

images_up() {
  import_image "$(pause_archive)" "$PAUSE_IMAGE"
  local app; app=$(dist_image)
  import_image "$(app_archive)" "$app"
  ready_line images "$PAUSE_IMAGE, $app $(image_digest "$app" | cut -c1-19)"
}
