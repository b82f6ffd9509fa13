# etcd: the API's storage (built, hack/tools/build.sh), on loopback only and
# TLS only: clients and its peer port both need a certificate of etcd's own CA
# (pki.sh etcd_pki), which only the API server holds. Anyone reaching etcd
# could read or write the whole cluster past authentication, RBAC and admission.
etcd_up() {
  local port peer pki=$STATE/pki; port=$(free_port); peer=$(free_port)
  ETCD_URL=https://127.0.0.1:$port
  mkdir -p "$STATE/etcd"
  start etcd etcd --name local --data-dir "$STATE/etcd" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --cert-file "$pki/etcd/server.crt" --key-file "$pki/etcd/server.key" \
    --client-cert-auth --trusted-ca-file "$pki/etcd/ca.crt" \
    --listen-peer-urls "https://127.0.0.1:$peer" --initial-advertise-peer-urls "https://127.0.0.1:$peer" \
    --initial-cluster "local=https://127.0.0.1:$peer" \
    --peer-cert-file "$pki/etcd/peer.crt" --peer-key-file "$pki/etcd/peer.key" \
    --peer-client-cert-auth --peer-trusted-ca-file "$pki/etcd/ca.crt" \
    --listen-metrics-urls "" --log-level warn
  wait_for etcd 30 etcd_curl "$ETCD_URL/health"
  ready_line etcd "$ETCD_URL, mutual TLS"
}

# etcd_curl URL [CURL ARGS]: a request to etcd as its one client, the API server.
etcd_curl() {
  local pki=$STATE/pki
  curl -fsS --cacert "$pki/etcd/ca.crt" --cert "$pki/apiserver-etcd-client.crt" --key "$pki/apiserver-etcd-client.key" "$@"
}
