# pki: a throwaway CA for this cluster and one certificate per identity
# (ECDSA P-256: fast to make). Kubeconfigs embed the files' paths.

# ca NAME SUBJECT: a self-signed CA in pki/NAME.{key,crt}.
ca() {
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "$2" -keyout "$STATE/pki/$1.key" -out "$STATE/pki/$1.crt" 2>/dev/null
}

# cert NAME SUBJECT [SAN] [CA]: a key and a certificate signed by CA (default ca) in pki/NAME.{key,crt}.
cert() {
  local dir=$STATE/pki name=$1 subject=$2 san=${3:-} signer=${4:-ca}
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$subject" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  local ext=$dir/$name.ext
  echo 'basicConstraints=CA:FALSE' > "$ext"
  if [ -n "$san" ]; then echo "subjectAltName=$san" >> "$ext"; fi
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$signer.crt" -CAkey "$dir/$signer.key" -CAcreateserial \
    -days 30 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
}

# kubeconfig FILE IDENTITY [HOST]: a kubeconfig for the apiserver with pki/IDENTITY's
# certificate, reaching it at HOST (default 127.0.0.1; a node's own view of it).
kubeconfig() {
  cat > "$1" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: hello-k8s-local
    cluster:
      server: https://${3:-127.0.0.1}:$API_PORT
      certificate-authority: $STATE/pki/ca.crt
users:
  - name: $2
    user:
      client-certificate: $STATE/pki/$2.crt
      client-key: $STATE/pki/$2.key
contexts:
  - name: hello-k8s-local
    context:
      cluster: hello-k8s-local
      user: $2
current-context: hello-k8s-local
KUBECONFIG
  chmod 600 "$1"
}

pki_up() {
  local dir=$STATE/pki
  mkdir -p "$dir"
  ca ca /CN=hello-k8s-local-ca
  # Aggregated APIs (metrics-server) trust the apiserver's proxied requests through their own CA.
  ca front-proxy-ca /CN=hello-k8s-front-proxy-ca
  cert front-proxy-client /CN=front-proxy-client "" front-proxy-ca
  local n node_ips=''
  for n in $(seq 2 "$NODE_COUNT"); do node_select "$n"; node_ips+=",IP:$CONTROL_PLANE_IP"; done
  cert apiserver /CN=kube-apiserver \
    "IP:127.0.0.1$node_ips,IP:$KUBERNETES_SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  # The apiserver's identity towards kubelets (logs, exec, port-forward).
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  cert admin "/O=system:masters/CN=admin"
  cert kube-proxy /CN=system:kube-proxy
  etcd_pki
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/sa.key" 2>/dev/null
  openssl ec -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  kubeconfig "$KUBECONFIG_FILE" admin
  ready_line pki "CAs and certificates in $dir"
}

# etcd_pki: kubeadm's layout. etcd trusts only its own CA, so a certificate of
# the cluster CA (an admin's, a node's) opens nothing there; the API server
# holds the one client certificate.
etcd_pki() {
  mkdir -p "$STATE/pki/etcd"
  ca etcd/ca /CN=hello-k8s-etcd-ca
  cert etcd/server /CN=etcd-server "IP:127.0.0.1,DNS:localhost" etcd/ca
  cert etcd/peer /CN=etcd-peer "IP:127.0.0.1,DNS:localhost" etcd/ca
  cert apiserver-etcd-client /CN=kube-apiserver-etcd-client "" etcd/ca
}
