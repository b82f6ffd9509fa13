# nodes: the cluster's worker nodes, each with its own containerd, kubelet,
# kube-proxy and NetworkPolicy engine, pod range and zone. Node 1 runs in this
# machine's own network namespace, where the host reaches the Services'
# load-balancer addresses (127.0.0.0/8). Every further node runs in a network
# namespace the cluster makes, with an address of its own on a veth pair to
# the host, routes to the other nodes' pods and no default route, so nothing a
# node sends can leave the machine. HELLO_K8S_NODES=1 runs one node (small machines).
NODE_COUNT=${HELLO_K8S_NODES:-2}
# A zone per node, as a regional cloud node pool spreads its nodes.
NODE_ZONES=(local-a local-b)
CLUSTER_POD_CIDR=10.244.0.0/16
# Node N's veth pair to the host: 10.243.N.0/30.
NODE_LINK_CIDR=10.243.0.0/16
# Where node 1's bridge answers (the metrics API's address; kubeconfigs of node 1).
NODE1_BRIDGE_IP=10.244.0.1
# The node components, in the order `down` stops them: nothing may restart pods while they go.
NODE_PARTS=(network-policies kube-proxy kubelet)

nodes_check() {
  [[ $NODE_COUNT =~ ^[12]$ ]] || { log "HELLO_K8S_NODES: invalid value '$NODE_COUNT': want 1 or 2"; exit 2; }
}

# node_select N: the settings of node N, which every node component reads.
node_select() {
  NODE=$1
  NODE_NAME=hello-k8s-node-$1
  NODE_ZONE=${NODE_ZONES[$1 - 1]}
  NODE_DIR=$STATE/nodes/$NODE_NAME
  POD_CIDR=10.244.$(($1 - 1)).0/24
  BRIDGE_IP=10.244.$(($1 - 1)).1
  CONTAINERD_SOCK=$NODE_DIR/containerd/containerd.sock
  CONTAINERD_HOSTS=$NODE_DIR/containerd/hosts.d
  CRICTL_CONFIG=$NODE_DIR/containerd/crictl.yaml
  # A unix socket path must stay short (containerd allows 42 characters here),
  # so the shims' sockets go to /run, named after the state folder and node.
  SHIM_SOCKET_DIR=/run/hello-k8s-$(printf '%s' "$STATE" | sha256sum | cut -c1-8)-$1
  if [ "$1" -eq 1 ]; then
    NODE_NETNS='' NODE_IP=127.0.0.1 CONTROL_PLANE_IP=127.0.0.1 VETH=''
  else
    # The host end of the node's veth (CONTROL_PLANE_IP) forwards the API
    # server's and the registry's ports to their loopback listeners.
    NODE_NETNS=$NODE_NAME NODE_IP=10.243.$1.2 CONTROL_PLANE_IP=10.243.$1.1 VETH=hk8s-node$1
  fi
}

# in_node COMMAND...: COMMAND in the selected node's network namespace. Only the
# network: mounts stay shared, as the kubelet and containerd must see each other's.
in_node() {
  if [ -n "$NODE_NETNS" ]; then nsenter --net="/run/netns/$NODE_NETNS" -- "$@"; else "$@"; fi
}

# start_in_node PART COMMAND...: start() for a node part, in the node's network namespace.
start_in_node() {
  local part=$1; shift
  if [ -n "$NODE_NETNS" ]; then
    start "$part-$NODE" nsenter --net="/run/netns/$NODE_NETNS" -- "$@"
  else
    start "$part-$NODE" "$@"
  fi
}

# node_link_up: the node's network namespace and its veth pair (node 2 on).
node_link_up() {
  [ -n "$NODE_NETNS" ] || return 0
  ip netns add "$NODE_NETNS"
  ip link add "$VETH" type veth peer name eth0 netns "$NODE_NETNS"
  ip addr add "$CONTROL_PLANE_IP/30" dev "$VETH"
  ip link set "$VETH" up
  sysctl -qw "net.ipv4.conf.$VETH.route_localnet=1"  # DNAT to 127.0.0.1 (gone with the link)
  in_node ip link set lo up
  in_node ip addr add "$NODE_IP/30" dev eth0
  in_node ip link set eth0 up
  in_node sysctl -qw net.ipv4.ip_forward=1
  # The other nodes' pods, through the host; no default route.
  in_node ip route add "$CLUSTER_POD_CIDR" via "$CONTROL_PLANE_IP"
  ip route add "$POD_CIDR" via "$NODE_IP"
  iptables -t nat -N HELLO-K8S-NODES 2>/dev/null && iptables -t nat -I PREROUTING -j HELLO-K8S-NODES
  iptables -t nat -A HELLO-K8S-NODES -i "$VETH" -d "$CONTROL_PLANE_IP" -p tcp -m multiport \
    --dports "$API_PORT,${REGISTRY##*:}" -j DNAT --to-destination 127.0.0.1
}

# nodes_fence: the host's last word on the cluster's ranges. A node's pods and
# link are reached through its veth; when that link is down (a lost node) its
# routes go with it, and without these a packet for its pods would follow the
# host's default route off the machine. Dropped instead, as a powered-off
# machine drops it.
nodes_fence() {
  ip route add blackhole "$CLUSTER_POD_CIDR" metric 4242
  ip route add blackhole "$NODE_LINK_CIDR" metric 4242
}

# nodes_unfence: removes what nodes_fence added (routes through no device stay otherwise).
nodes_unfence() {
  local cidr
  for cidr in "$CLUSTER_POD_CIDR" "$NODE_LINK_CIDR"; do
    ip route del blackhole "$cidr" metric 4242 2>/dev/null || true
  done
}

# nodes_up: every node, one after the other, then each Ready.
nodes_up() {
  local n
  nodes_fence
  for n in $(seq 1 "$NODE_COUNT"); do
    node_select "$n"
    node_link_up
    network_up
    containerd_up
    node_images_up
    kubelet_up
  done
  # The nodes' addresses come from the cloud controller; kube-proxy waits for them.
  cloud-controller_up
  for n in $(seq 1 "$NODE_COUNT"); do
    node_select "$n"
    kube-proxy_up
    network-policies_up
    node_ready
  done
}

# nodes_down: every node's parts (together: each takes its own time to exit),
# their pods through the CRI, then each containerd and the shims it started
# (they outlive it by design).
nodes_down() {
  local dirs=() dir n part parts=() runtimes=() shims=() pid
  for dir in "$STATE"/nodes/hello-k8s-node-*; do [ -d "$dir" ] && dirs+=("$dir"); done
  [ ${#dirs[@]} -gt 0 ] || return 0
  for dir in "${dirs[@]}"; do
    for part in "${NODE_PARTS[@]}"; do parts+=("$part-${dir##*-}"); done
  done
  stop "${parts[@]}"
  for dir in "${dirs[@]}"; do
    n=${dir##*-}
    node_select "$n"
    PATH="$HELLO_K8S_CACHE/tools/crictl@$CRICTL_VERSION/bin:$PATH" containerd_pods_down
    shims+=($(containerd_shims))
    runtimes+=("containerd-$n")
  done
  stop "${runtimes[@]}"
  for pid in "${shims[@]}"; do kill -KILL "$pid" 2>/dev/null && log "killed containerd-shim (pid $pid)"; done
  for dir in "${dirs[@]}"; do node_select "${dir##*-}"; containerd_down; node_link_down; done
}

# node_link_down: the host end of the node's veth pair, now. Deleting the network
# namespace also removes the pair, but later: the kernel's namespace cleanup is
# asynchronous, and the host would still list the link right after down.
node_link_down() {
  [ -n "$VETH" ] || return 0
  if ip link show "$VETH" >/dev/null 2>&1; then ip link delete "$VETH"; fi
}

# nodes_names: the names of the nodes this cluster runs, one per line.
nodes_names() { local n; for n in $(seq 1 "$NODE_COUNT"); do echo "hello-k8s-node-$n"; done; }
