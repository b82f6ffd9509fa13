#!/usr/bin/env bash
# Builds the hello-app OCI image offline: a static binary on an empty (scratch)
# base, assembled by buildah, so nothing is pulled from a registry.
# Output: build/image/hello-app.oci.tar (gitignored), named with the image
# reference dist/ deploys. Same layout as app/Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

VERSION=$(node -p "require('./package.json').version")
# The name the manifests use, so a cluster that imports the archive runs exactly it.
IMAGE=$(dist_image)
[ -n "$IMAGE" ] || { log "no hello-app image reference in dist/local.k8s.yaml"; exit 1; }
OUT=build/image
mkdir -p "$OUT"

log "building static hello-app ${VERSION}"
(cd app && CGO_ENABLED=0 GOTOOLCHAIN=local go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o "../$OUT/hello-app" ./cmd/hello-app)

log "assembling ${IMAGE} from scratch with buildah"
scratch_image "$OUT/hello-app" "$OUT/hello-app.oci.tar" "$IMAGE" \
  --user 65532:65532 --port 8080 \
  --label org.opencontainers.image.version="${VERSION}" --label org.opencontainers.image.title=hello-app

size=$(stat -c %s "$OUT/hello-app.oci.tar")
log "image ${IMAGE}: $OUT/hello-app.oci.tar ($(numfmt --to=iec --suffix=B "$size"), binary $(numfmt --to=iec --suffix=B "$(stat -c %s "$OUT/hello-app")"))"
