#!/usr/bin/env bash
# A real local Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok (fake nodes whose pods become
# Running and Ready) and a load-balancer allocator, all from tools/build.sh.
#   scripts/cluster.sh up      start (safe to run twice), wait until ready
#   scripts/cluster.sh down    stop exactly the processes `up` started, remove state
#   scripts/cluster.sh status  exit 0 when the cluster answers /readyz
# State, logs and the kubeconfig live in .cluster/ (gitignored).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
STATE=${HELLO_K8S_CLUSTER_DIR:-$ROOT/.cluster}
KUBECONFIG_FILE=$STATE/kubeconfig
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok lb-allocator)

running() { [ -f "$STATE/pids/$1" ] && kill -0 "$(cat "$STATE/pids/$1")" 2>/dev/null; }
kubectl_() { kubectl --kubeconfig "$KUBECONFIG_FILE" "$@"; }
ready() { [ -f "$KUBECONFIG_FILE" ] && kubectl_ get --raw /readyz >/dev/null 2>&1; }

# start NAME COMMAND...: runs a component in its own session, logs to .cluster/logs.
start() {
  local name=$1; shift
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/pids/$name"
}

wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      log "timed out after ${seconds}s waiting for $what; logs in $STATE/logs/"
      tail -n 20 "$STATE"/logs/*.log >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

pki() {
  local dir=$STATE/pki
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=hello-k8s-local-ca" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout "$dir/apiserver.key" -out "$dir/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n' > "$dir/san.ext"
  openssl x509 -req -in "$dir/apiserver.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 30 -extfile "$dir/san.ext" -out "$dir/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  # One admin identity for every client of this throwaway cluster.
  local token; token=$(openssl rand -hex 24)
  printf '%s,admin,admin,system:masters\n' "$token" > "$dir/tokens.csv"
  cat > "$KUBECONFIG_FILE" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: hello-k8s-local
    cluster:
      server: https://127.0.0.1:$API_PORT
      certificate-authority-data: $(base64 -w0 < "$dir/ca.crt")
users:
  - name: admin
    user:
      token: $token
contexts:
  - name: hello-k8s-local
    context:
      cluster: hello-k8s-local
      user: admin
current-context: hello-k8s-local
KUBECONFIG
  chmod 600 "$KUBECONFIG_FILE"
}

up() {
  if ready; then
    log "local cluster already running: export KUBECONFIG=$KUBECONFIG_FILE"
    return 0
  fi
  [ -d "$STATE" ] && down
  use_tools kubernetes kwok etcd
  mkdir -p "$STATE/pids" "$STATE/logs" "$STATE/etcd"
  local start_time=$SECONDS
  ETCD_PORT=$(free_port); ETCD_PEER_PORT=$(free_port); API_PORT=$(free_port)
  pki

  log "starting etcd on 127.0.0.1:$ETCD_PORT"
  start etcd etcd --name local --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "" --log-level warn
  wait_for etcd 30 curl -fsS "http://127.0.0.1:$ETCD_PORT/health"

  log "starting kube-apiserver on https://127.0.0.1:$API_PORT"
  start kube-apiserver kube-apiserver \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
    --tls-cert-file "$STATE/pki/apiserver.crt" --tls-private-key-file "$STATE/pki/apiserver.key" \
    --client-ca-file "$STATE/pki/ca.crt" --token-auth-file "$STATE/pki/tokens.csv" \
    --authorization-mode RBAC --allow-privileged \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 \
    --endpoint-reconciler-type none --profiling=false
  wait_for kube-apiserver 90 kubectl_ get --raw /readyz

  log "starting kube-controller-manager, kube-scheduler, kwok and the load-balancer allocator"
  start kube-controller-manager kube-controller-manager --kubeconfig "$KUBECONFIG_FILE" \
    --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --use-service-account-credentials=false --controllers '*'
  start kube-scheduler kube-scheduler --kubeconfig "$KUBECONFIG_FILE" \
    --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false
  local stages; stages=$(ls "$HELLO_K8S_CACHE"/tools/kwok@*/share/stages/*.yaml | paste -sd, -)
  start kwok kwok --kubeconfig "$KUBECONFIG_FILE" --config "$stages" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr 10.244.0.0/16 --node-ip 10.0.0.1 --server-address "127.0.0.1:$(free_port)"
  start lb-allocator node "$ROOT/scripts/lb-allocator.js" "$KUBECONFIG_FILE"

  kubectl_ apply -f "$ROOT/scripts/kwok-node.yaml" >/dev/null
  wait_for "node kwok-node-0 Ready" 60 kubectl_ wait --for=condition=Ready node/kwok-node-0 --timeout=1s
  wait_for "default service account" 60 kubectl_ get serviceaccount default -n default

  log "local cluster ready in $((SECONDS - start_time)) s"
  cat >&2 <<USAGE
  export KUBECONFIG=$KUBECONFIG_FILE
  kubectl get nodes           # kwok-node-0, Ready
  npm run up                  # deploy dist/local.k8s.yaml with Pulumi
  npm run cluster:down        # stop everything and remove .cluster/
USAGE
}

down() {
  local name pid pids=() names=()
  for name in "${COMPONENTS[@]}"; do
    [ -f "$STATE/pids/$name" ] || continue
    pid=$(cat "$STATE/pids/$name")
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid"); names+=("$name")
  done
  # Give them 10 s together to exit cleanly, then force the stragglers.
  for _ in $(seq 1 100); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    kill -KILL "${pids[$i]}" 2>/dev/null && log "killed ${names[$i]} (pid ${pids[$i]}) after 10 s" || log "stopped ${names[$i]} (pid ${pids[$i]})"
  done
  rm -rf "$STATE"
}

status() {
  if ready; then
    log "local cluster ready: export KUBECONFIG=$KUBECONFIG_FILE"
  else
    log "local cluster not running"; return 1
  fi
}

case ${1:-} in
  up) up ;;
  down) down; log "local cluster stopped" ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
