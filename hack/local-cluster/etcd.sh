# etcd: the API's storage (built, hack/tools/build.sh), on loopback only.
etcd_up() {
  local port peer; port=$(free_port); peer=$(free_port)
  ETCD_URL=http://127.0.0.1:$port
  mkdir -p "$STATE/etcd"
  start etcd etcd --name local --data-dir "$STATE/etcd" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "local=http://127.0.0.1:$peer" --listen-metrics-urls "" --log-level warn
  wait_for etcd 30 curl -fsS "$ETCD_URL/health"
  ready_line etcd "$ETCD_URL"
}
