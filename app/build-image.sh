#!/usr/bin/env bash
# Builds the hello-app OCI image offline and reproducibly: a static binary on
# an empty (scratch) base, assembled by buildah, so nothing is pulled from a
# registry. The same sources give the same digest: the compiler is pinned
# (app/go.mod's toolchain line), the build drops paths and VCS stamps, and
# every timestamp in the image is 0.
#   app/build-image.sh          build build/image/hello-app.oci.tar
#   app/build-image.sh --pin    build, pin its digest in charts/image.json, re-synthesize dist/
#   app/build-image.sh --check  build, and fail unless the pinned digest is this build's
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

mode=${1:-build}
case $mode in build|--pin|--check) ;; *) echo "build-image.sh: $mode: unknown option (usage: npm run image [-- --pin|--check])" >&2; exit 2 ;; esac
VERSION=$(node -p "require('./package.json').version")
# The name the manifests use, so a cluster that imports or pulls it runs exactly it.
IMAGE=$(dist_image)
[ -n "$IMAGE" ] || { log "no hello-app image reference in dist/local.k8s.yaml"; exit 1; }
OUT=build/image
PIN_FILE=${HELLO_K8S_IMAGE_PIN_FILE:-charts/image.json}  # overridable for the image tier's own test
mkdir -p "$OUT"

log "building static hello-app ${VERSION}"
(cd app && CGO_ENABLED=0 GOTOOLCHAIN=$(sed -n 's/^toolchain //p' go.mod) GOFLAGS=-buildvcs=false \
  go build -trimpath -ldflags "-s -w -buildid= -X main.version=${VERSION}" -o "../$OUT/hello-app" ./cmd/hello-app)

# The image is a function of the binary, its name and this script: assemble it only when one changed.
stamp=$(cat "$OUT/hello-app" app/build-image.sh scripts/lib.sh <(echo "$IMAGE") | sha256sum | cut -d' ' -f1)
if [ -f "$OUT/hello-app.oci.tar" ] && [ "$(cat "$OUT/hello-app.oci.tar.stamp" 2>/dev/null)" = "$stamp" ]; then
  log "${IMAGE}: the binary is unchanged, keeping $OUT/hello-app.oci.tar"
  touch "$OUT/hello-app.oci.tar"  # checked now: the local cluster's freshness test need not build again
else
  log "assembling ${IMAGE} from scratch with buildah"
  scratch_image "$OUT/hello-app" "$OUT/hello-app.oci.tar" "$IMAGE" \
    --user 65532:65532 --port 8080 \
    --label org.opencontainers.image.version="${VERSION}" --label org.opencontainers.image.title=hello-app
  echo "$stamp" > "$OUT/hello-app.oci.tar.stamp"
fi

digest=$(oci_archive_digest "$OUT/hello-app.oci.tar")
size=$(stat -c %s "$OUT/hello-app.oci.tar")
log "image ${IMAGE}@${digest}: $OUT/hello-app.oci.tar ($(numfmt --to=iec --suffix=B "$size"), binary $(numfmt --to=iec --suffix=B "$(stat -c %s "$OUT/hello-app")"))"

pinned=$(node -p 'require(require("path").resolve(process.argv[1])).digest' "$PIN_FILE")
case $mode in
  --pin)
    [ "$pinned" = "$digest" ] && { log "$PIN_FILE already pins $digest"; exit 0; }
    node -e 'const fs = require("fs"); const [file, digest] = process.argv.slice(1);
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), digest }, null, 2) + "\n");' "$PIN_FILE" "$digest"
    log "pinned $digest in $PIN_FILE (was $pinned); re-synthesizing dist/"
    npm run --silent synth
    ;;
  --check)
    if [ "$pinned" != "$digest" ]; then
      log "$PIN_FILE pins hello-app $pinned but app/ builds $digest: run \`npm run image -- --pin\`, review and commit"
      exit 1
    fi
    log "the pinned digest is what app/ builds: $digest"
    ;;
esac
