# The fresh root: Debian 12 as debootstrap makes it (the minbase variant: only
# Debian's required packages), and this checkout's files copied in as a clone has them.

# root_make DIR: a minimal Debian 12 root, from the Debian mirror apt uses here.
root_make() {
  local mirror
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null) || mirror=""
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list)
  log "debootstrap: Debian 12 (bookworm, minbase) from $mirror"
  debootstrap --variant=minbase bookworm "$1" "$mirror" > "$1.debootstrap.log" 2>&1 ||
    { log "debootstrap failed; see $1.debootstrap.log"; return 1; }
  cp /etc/resolv.conf "$1/etc/resolv.conf"
  # The network's own trust anchors (this machine's egress proxy re-signs TLS):
  # part of the network, as on any host on it. Debian's ca-certificates adds
  # them to the system bundle once the scripts install it; Node reads them at once.
  mkdir -p "$1/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$1/usr/local/share/ca-certificates/" 2>/dev/null || true
  cat /usr/local/share/ca-certificates/*.crt > "$1/etc/ssl-network-ca.pem" 2>/dev/null || true
}

# root_copy_source SOURCE DEST: the files of a clone (tracked and new, not ignored).
root_copy_source() {
  mkdir -p "$2"
  (cd "$1" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$2")
}

# root_remove WORK: deletes the scratch folder once nothing is mounted under it.
root_remove() {
  if awk -v w="$1/" 'index($2, w) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
    log "not removing $1: something is still mounted under it"; return 1
  fi
  rm -rf "$1"
}
