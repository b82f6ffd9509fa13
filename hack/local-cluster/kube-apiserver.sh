# kube-apiserver: Node + RBAC authorization, x509 clients, and its own client
# certificates towards etcd and the kubelet, whose serving certificates it
# verifies. Secrets are encrypted before they reach etcd; every request is
# audited. The aggregation layer proxies metrics.k8s.io to metrics-server's
# endpoint directly.
kube-apiserver_up() {
  local pki=$STATE/pki dir=$STATE/kube-apiserver
  mkdir -p "$dir"
  encryption_config "$dir/encryption.yaml"
  audit_policy "$dir/audit-policy.yaml"
  start kube-apiserver kube-apiserver \
    --etcd-servers "$ETCD_URL" --etcd-cafile "$pki/etcd/ca.crt" \
    --etcd-certfile "$pki/apiserver-etcd-client.crt" --etcd-keyfile "$pki/apiserver-etcd-client.key" \
    --encryption-provider-config "$dir/encryption.yaml" \
    --audit-policy-file "$dir/audit-policy.yaml" --audit-log-path "$STATE/logs/audit.log" \
    --audit-log-maxsize 100 --audit-log-maxbackup 1 \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --anonymous-auth=false \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$pki/ca.crt" --kubelet-preferred-address-types InternalIP \
    --requestheader-client-ca-file "$pki/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$pki/front-proxy-client.crt" --proxy-client-key-file "$pki/front-proxy-client.key" \
    --enable-aggregator-routing=true \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --endpoint-reconciler-type none --profiling=false
  wait_for kube-apiserver 90 api_curl /readyz
  ready_line kube-apiserver "https://127.0.0.1:$API_PORT"
}

# encryption_config FILE: Secrets sealed with secretbox (XSalsa20-Poly1305, the
# strongest of the built-in local-key providers) under a key made for this
# cluster, readable by root only, gone with `down`. A cloud cluster would use a
# KMS provider instead, so that the key never sits next to the data.
encryption_config() {
  (umask 077; cat > "$1" <<YAML
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - secretbox:
          keys:
            - name: key1
              secret: $(head -c 32 /dev/urandom | base64)
YAML
  )
}

# audit_policy FILE: who did what, at Metadata level; the request bodies of
# changes in the app's namespaces (those dist/ declares); never a Secret's
# body. Leases, events, health checks and the local cloud controller's polling
# are the cluster's own heartbeat: not logged.
audit_policy() {
  cat > "$1" <<YAML
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    resources: [{ group: coordination.k8s.io, resources: [leases] }, { group: "", resources: [events] }, { group: events.k8s.io, resources: [events] }]
  - level: None
    nonResourceURLs: [/healthz*, /livez*, /readyz*, /version]
  - level: None
    users: [hello-k8s:cloud-controller]
    verbs: [get, list, watch]
  - level: Metadata
    resources: [{ group: "", resources: [secrets, serviceaccounts/token] }, { group: authentication.k8s.io, resources: [tokenreviews] }]
  - level: Request
    verbs: [create, update, patch, delete, deletecollection]
    namespaces: [$(app_namespaces)]
  - level: Metadata
YAML
}

# app_namespaces: the Namespaces dist/ declares, comma-separated.
app_namespaces() {
  awk '/^kind: Namespace$/ { ns = 1 } ns && /^  name: / { print $2; ns = 0 }' "$ROOT"/dist/*.k8s.yaml | sort -u | paste -sd, | sed 's/,/, /g'
}
