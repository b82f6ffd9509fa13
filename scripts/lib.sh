# Shared helpers for the project's scripts (sourced, not run).

# log MESSAGE: one timestamped progress line on stderr.
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Fail loud: a command that ends a `set -e` script says where it was, never a
# bare exit code. FAIL_LOG, when a script sets it, names the logs to read.
set -o errtrace
trap 'fail_line $? "${BASH_SOURCE[0]:-$0}" "$LINENO" "$BASH_COMMAND"' ERR
fail_line() {
  # Only where errexit is on (best-effort cleanup runs under `set +e`), and once:
  # a failure inside $(...) is reported by the line that used it.
  [[ $- == *e* && $BASH_SUBSHELL -eq 0 ]] || return 0
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  printf 'FAILED %s:%s: %s (exit %s)%s\n' "${2#"$root"/}" "$3" "$4" "$1" "${FAIL_LOG:+; logs: $FAIL_LOG}" >&2
}

# ensure_apt_packages PKG...: installs the Debian packages that are missing, once.
ensure_apt_packages() {
  local missing=() installed
  # One dpkg-query for all: this runs before every deploy. It exits 1 when
  # any of them is not installed, which is the case this function is for.
  installed=$'\n'$({ dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true; } | awk '$NF == "installed" { print $1 }')$'\n'
  for pkg in "$@"; do
    [[ $installed == *$'\n'"$pkg"$'\n'* ]] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# scratch_image BINARY ARCHIVE REFERENCE [buildah config flag...]: an OCI archive
# holding only BINARY (as /<its name>, the entrypoint) on an empty base, built
# by buildah without pulling anything. The archive carries REFERENCE as its
# name twice: for podman (ref.name) and for containerd's import, which
# otherwise drops a full reference such as ghcr.io/x/y:1 (io.containerd.image.name).
scratch_image() {
  local binary=$1 archive=$2 reference=$3; shift 3
  ensure_apt_packages buildah crun
  local STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot ctr
  export STORAGE_DRIVER BUILDAH_ISOLATION
  ctr=$(buildah from scratch)
  local entry; entry=/$(basename "$binary")
  buildah copy --chmod 0555 "$ctr" "$binary" "$entry" >/dev/null &&
    buildah config --entrypoint "[\"$entry\"]" --cmd '' "$@" "$ctr" &&
    rm -f "$archive" &&
    # --timestamp 0 keeps the digest stable for the same binary; gzip layers as a registry stores them.
    buildah commit --quiet --timestamp 0 --format oci --disable-compression=false "$ctr" "oci-archive:$archive:$reference" >/dev/null
  local status=$?
  buildah rm "$ctr" >/dev/null 2>&1 || true
  [ $status -eq 0 ] || return $status
  local tmp; tmp=$(mktemp -d)
  tar -xf "$archive" -C "$tmp"
  node -e '
    const fs = require("fs"); const [file, ref] = process.argv.slice(1);
    const index = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const m of index.manifests) m.annotations = { ...m.annotations, "io.containerd.image.name": ref };
    fs.writeFileSync(file, JSON.stringify(index));' "$tmp/index.json" "$reference"
  # Re-packed in a fixed order with fixed metadata, so equal images give equal archives.
  (cd "$tmp" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
    tar -cf - --no-recursion --mtime=@0 --owner=0 --group=0 --numeric-owner -T -) > "$archive"
  rm -rf "$tmp"
}

# free_port: prints a TCP port that is free on 127.0.0.1 right now.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'; }

# The manifest the image scripts and the local cluster read hello-app's image from.
DIST_MANIFEST=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/dist/local.k8s.yaml

# dist_image: the hello-app image name:tag dist/local.k8s.yaml deploys.
dist_image() { sed -n 's/^ *image: \(.*hello-app:[^@ ]*\).*$/\1/p' "$DIST_MANIFEST" | head -n 1; }

# dist_digest: the digest that reference is pinned to, if any.
dist_digest() { sed -n 's/^ *image: .*hello-app:[^@ ]*@\(sha256:[0-9a-f]*\).*$/\1/p' "$DIST_MANIFEST" | head -n 1; }

# oci_archive_digest ARCHIVE: the image manifest's digest inside an OCI archive
# (what a registry serves for the image, and what a pinned reference names).
oci_archive_digest() {
  tar -xOf "$1" index.json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0)).manifests[0].digest)'
}
