#!/usr/bin/env bash
# The project's own local Kubernetes cluster: a control plane and two real
# nodes on this machine (HELLO_K8S_NODES=1: one), each component in its own
# file here; the control plane on loopback, node 2 in its own network namespace.
#   cluster.sh up       start (safe to run twice; cleans a crashed run's leftovers first)
#   cluster.sh down     stop exactly what `up` started, by pid, and undo its host changes
#   cluster.sh status   exit 0 when the cluster answers /readyz
#   cluster.sh push-image TREE   push another checkout's app image to the running cluster's registry
# State, logs and the kubeconfig live in .cluster/ (gitignored).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/hack/local-cluster
source "$ROOT/hack/lib.sh"
source "$ROOT/tools/versions.env"
source "$HERE/common.sh"
FAIL_LOG=$STATE/logs/
for part in nodes host pki etcd kube-apiserver deployer kube-controller-manager kube-scheduler network registry containerd images \
  kubelet kube-proxy network-policies cloud-controller metrics-server; do
  source "$HERE/$part.sh"
done

# Stopped first, before the nodes: nothing may restart pods while they are
# removed, and the API outlives the components that talk to it.
CONTROLLERS=(metrics-server cloud-controller kube-controller-manager kube-scheduler)

# /readyz, by curl: this runs before every `hack/run up`, and kubectl starts slower.
ready() {
  API_PORT=$(sed -n 's|^ *server: https://127.0.0.1:||p' "$KUBECONFIG_FILE" 2>/dev/null) && [ -n "$API_PORT" ] &&
    running kubelet-1 && api_curl /readyz >/dev/null 2>&1
}

# another_cluster: a kubelet of some other hello-k8s state folder is running.
another_cluster() {
  local pid
  for pid in $(pgrep -x kubelet 2>/dev/null); do
    grep -q 'hello-k8s-node' "/proc/$pid/cmdline" 2>/dev/null && ! grep -qF "$STATE" "/proc/$pid/cmdline" && return 0
  done
  return 1
}

up() {
  nodes_check
  host_preflight
  if ready; then
    log "local cluster already running: export KUBECONFIG=$KUBECONFIG_FILE"
    return 0
  fi
  if another_cluster; then
    log "another local cluster is running on this machine (kubelet pid $(pgrep -x kubelet | head -n 1)); stop it with its own 'hack/run cluster down' first"
    exit 1
  fi
  if [ -d "$STATE" ] || ip link show "$BRIDGE" >/dev/null 2>&1; then
    log "cleaning up the leftovers of an earlier run"
    down
  fi
  use_tools kubernetes kubectl containerd runc cni-plugins etcd crictl metrics-server kube-network-policies
  mkdir -p "$STATE/pids" "$STATE/logs"
  UP_STARTED=$EPOCHREALTIME
  API_PORT=$(free_port)
  host_up
  pki_up
  etcd_up
  kube-apiserver_up
  deployer_up
  kube-controller-manager_up
  kube-scheduler_up
  registry_up
  images_up
  nodes_up
  metrics-server_up
  wait_for "default service account" 60 api_curl /api/v1/namespaces/default/serviceaccounts/default
  ready_line "local cluster" "ready"
  cat >&2 <<USAGE
  hack/run kubectl get nodes -o wide    # $(nodes_names | paste -sd' '), Ready (the cluster's own kubectl)
  export KUBECONFIG=$KUBECONFIG_FILE PATH=$(dirname "$KUBECTL"):\$PATH   # to run it as plain kubectl
  hack/run up                   # deploy dist/local.k8s.yaml with Pulumi, then curl the URL it prints
  hack/run cluster down         # stop everything and restore the host
USAGE
}

# stop NAME...: SIGTERM to each running component, 10 s together to exit, then SIGKILL.
stop() {
  local name pid pids=() names=()
  for name in "$@"; do
    running "$name" || continue
    pid=$(cat "$STATE/pids/$name")
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid"); names+=("$name")
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  local alive
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  local killed=0
  for i in "${!pids[@]}"; do
    if kill -KILL "${pids[$i]}" 2>/dev/null; then
      log "killed ${names[$i]} (pid ${pids[$i]}) after 10 s"; killed=1
    else
      log "stopped ${names[$i]} (pid ${pids[$i]})"
    fi
  done
  # SIGKILL is delivered, not awaited: return once those are gone too (at most 5 s).
  [ $killed -eq 0 ] && return 0
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && return 0
    sleep 0.1
  done
  log "still alive 5 s after SIGKILL: ${pids[*]}"
}

down() {
  set +e  # best effort: every step runs, whatever an earlier one met
  if [ -d "$STATE/pids" ]; then
    stop "${CONTROLLERS[@]}"
    nodes_down
    stop registry kube-apiserver etcd
  fi
  host_down
  network_down
  rm -rf "$STATE"
  set -e
}

status() {
  if ready; then
    log "local cluster ready: export KUBECONFIG=$KUBECONFIG_FILE"
    kubectl_ get nodes -o wide >&2
  else
    # The answer, not a failure of this script: one line, exit 1, no ERR trap.
    log "local cluster not running (hack/run cluster up starts it)"; exit 1
  fi
}

case ${1:-} in
  up) up ;;
  down) down; log "local cluster stopped; host restored" ;;
  status) status ;;
  push-image)
    [ -n "${2:-}" ] || { echo "cluster.sh push-image: TREE: required (usage: $0 push-image TREE)" >&2; exit 2; }
    ready || { log "local cluster not running (hack/run cluster up starts it)"; exit 1; }
    push_tree_image "$2" ;;
  *) echo "cluster.sh: ${1:-(none)}: unknown command (usage: hack/run cluster up|down|status|push-image TREE)" >&2; exit 2 ;;
esac
