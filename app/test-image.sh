#!/usr/bin/env bash
# The image tier: builds the image twice from scratch and checks both builds
# have one digest (reproducible), then loads it into podman (a real container
# engine, run as root here), runs it, and checks that GET / answers, that the
# process runs as UID/GID 65532 and that SIGTERM ends it with exit code 0.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ARCHIVE=build/image/hello-app.oci.tar
digests=()
for build in 1 2; do
  rm -rf build/image
  bash app/build-image.sh
  digests+=("$(oci_archive_digest "$ARCHIVE")")
done
if [ "${digests[0]}" != "${digests[1]}" ]; then
  log "FAIL: two builds of the same sources gave ${digests[0]} and ${digests[1]}"; exit 1
fi
log "two builds from scratch, one digest: ${digests[0]}"

# The pin check (part of npm test) refuses a digest that is not what app/ builds.
wrong=$(mktemp --suffix=.json)
sed "s/sha256:[0-9a-f]*/sha256:$(printf '0%.0s' {1..64})/" charts/image.json > "$wrong"
if out=$(HELLO_K8S_IMAGE_PIN_FILE=$wrong bash app/build-image.sh --check 2>&1); then
  log "FAIL: --check accepted a digest app/ does not build"; exit 1
fi
rm -f "$wrong"
grep -q "but app/ builds ${digests[0]}: run \`npm run image -- --pin\`" <<<"$out" ||
  { log "FAIL: --check said: $(tail -n 1 <<<"$out")"; exit 1; }
log "a wrong pinned digest is refused: $(tail -n 1 <<<"$out" | cut -d' ' -f2-)"
ensure_apt_packages podman runc

export STORAGE_DRIVER=vfs
# runc, not crun: crun refuses the hybrid cgroup layout some hosts (and CI) have.
podman_() { podman --storage-driver vfs --runtime runc --cgroup-manager cgroupfs --events-backend file "$@"; }

VERSION=$(node -p "require('./package.json').version")
PORT=$(free_port)
NAME="hello-app-image-test-$$"

log "loading $ARCHIVE"
podman_ load --quiet -i "$ARCHIVE" >/dev/null
trap 'podman_ rm -f -t 0 "$NAME" >/dev/null 2>&1 || true' EXIT
log "running hello-app:${VERSION} on 127.0.0.1:${PORT}"
# Modest explicit rlimits: sandboxed hosts refuse podman's raised defaults.
podman_ run -d --name "$NAME" --hostname hello-app-test --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 --network host -e PORT="$PORT" -e DRAIN_DELAY=0s "$(dist_image)" >/dev/null

body=""
for _ in $(seq 1 50); do
  body=$(curl -fsS "http://127.0.0.1:${PORT}/" 2>/dev/null) && break
  sleep 0.1
done
expected=$(printf 'Hello, world!\nVersion: %s\nHostname: hello-app-test' "$VERSION")
if [ "$body" != "$expected" ]; then
  log "FAIL: GET / answered: ${body:-nothing}"; podman_ logs "$NAME" >&2; exit 1
fi
log "GET / -> $(printf '%s' "$body" | tr '\n' '|')"

pid=$(podman_ inspect --format '{{.State.Pid}}' "$NAME")
ids=$(awk '/^Uid:/ {u=$2} /^Gid:/ {g=$2} END {print u":"g}' "/proc/$pid/status")
if [ "$ids" != "65532:65532" ]; then
  log "FAIL: container process runs as uid:gid $ids, want 65532:65532"; exit 1
fi
log "container process runs as uid:gid $ids"

podman_ stop -t 10 "$NAME" >/dev/null
code=$(podman_ inspect --format '{{.State.ExitCode}}' "$NAME")
[ "$code" = 0 ] || { log "FAIL: exit code $code after SIGTERM, want 0"; exit 1; }
log "stopped cleanly (exit 0): image test passed"
