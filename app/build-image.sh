#!/usr/bin/env bash
# Builds the hello-app OCI image offline: a static binary on an empty (scratch)
# base, assembled by buildah, so nothing is pulled from a registry.
# Output: build/image/hello-app.oci.tar (gitignored). Same layout as app/Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

VERSION=$(node -p "require('./package.json').version")
IMAGE="hello-app:${VERSION}"
OUT=build/image
mkdir -p "$OUT"

ensure_apt_packages buildah crun

log "building static hello-app ${VERSION}"
(cd app && CGO_ENABLED=0 GOTOOLCHAIN=local go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o "../$OUT/hello-app" ./cmd/hello-app)

log "assembling ${IMAGE} from scratch with buildah"
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot
ctr=$(buildah from scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
buildah copy --chmod 0555 "$ctr" "$OUT/hello-app" /hello-app >/dev/null
buildah config --user 65532:65532 --port 8080 --entrypoint '["/hello-app"]' --cmd '' \
  --label org.opencontainers.image.version="${VERSION}" \
  --label org.opencontainers.image.title=hello-app "$ctr"
rm -f "$OUT/hello-app.oci.tar"
# --timestamp 0 keeps the image digest stable for the same binary; layers are gzipped as a registry would store them.
buildah commit --quiet --timestamp 0 --format oci --disable-compression=false "$ctr" "oci-archive:$OUT/hello-app.oci.tar:${IMAGE}" >/dev/null

size=$(stat -c %s "$OUT/hello-app.oci.tar")
log "image ${IMAGE}: $OUT/hello-app.oci.tar ($(numfmt --to=iec --suffix=B "$size"), binary $(numfmt --to=iec --suffix=B "$(stat -c %s "$OUT/hello-app")"))"
