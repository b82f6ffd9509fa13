# Shared by the local cluster's components (sourced by cluster.sh, not run).
# Every component is a file named after it with a <name>_up function; processes
# run in their own session, with pid, log and config in the state folder.

STATE=${HELLO_K8S_CLUSTER_DIR:-$ROOT/.cluster}
KUBECONFIG_FILE=$STATE/kubeconfig
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SERVICE_IP=10.96.0.1  # the first address: the default/kubernetes Service
# Each node's pods' bridge (in the node's own network namespace): no uplink.
BRIDGE=hellok8s0

# The project's kubectl, of the cluster's own release (tools/build.sh kubectl), never one from PATH.
KUBECTL=$HELLO_K8S_CACHE/tools/kubectl@$KUBERNETES_VERSION/bin/kubectl
kubectl_() { "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
# api_curl PATH [CURL ARGS]: one request to the API server as the admin. For the
# polls while `up` waits: curl starts in milliseconds, kubectl in a quarter second.
api_curl() {
  local path=$1; shift
  curl -fsS --max-time 5 --cacert "$STATE/pki/ca.crt" --cert "$STATE/pki/admin.crt" --key "$STATE/pki/admin.key" \
    "$@" "https://127.0.0.1:$API_PORT$path"
}

# start NAME COMMAND...: runs a component in its own session, logs to logs/NAME.log.
start() {
  local name=$1; shift
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/pids/$name"
}

# running NAME: the component's recorded process is alive and is still that component.
running() {
  local pid
  pid=$(cat "$STATE/pids/$1" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && grep -qF "$STATE" "/proc/$pid/cmdline" 2>/dev/null
}

# wait_for WHAT SECONDS COMMAND...: polls COMMAND every 0.2 s. A command that
# cannot run (exit 126 or 127) fails at once; a timeout shows the command's own
# last answer, then the logs.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds)) status answer
  while :; do
    status=0; answer=$("$@" 2>&1) || status=$?
    [ $status -eq 0 ] && return 0
    if [ $status -eq 126 ] || [ $status -eq 127 ]; then
      log "cannot wait for $what: \`$*\` cannot run (exit $status): ${answer##*$'\n'}"
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      log "timed out after ${seconds}s waiting for $what; the last try of \`$*\` said: ${answer##*$'\n'}"
      tail -n 20 "$STATE"/logs/*.log >&2 || true
      log "logs in $STATE/logs/"
      return 1
    fi
    sleep 0.2
  done
}

# elapsed: seconds since `up` began, to one decimal.
elapsed() { awk -v now="$EPOCHREALTIME" -v t0="$UP_STARTED" 'BEGIN { printf "%.1f", now - t0 }'; }

# ready_line COMPONENT DETAIL: one progress line with the time since `up` began.
ready_line() { log "$(printf '%-24s %6ss  %s' "$1" "$(elapsed)" "$2")"; }
