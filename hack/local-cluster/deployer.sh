# deployer: the identity `hack/run up` deploys as (.cluster/pulumi.kubeconfig,
# the local stack's default), so the audit log names Pulumi for what it
# changed. cluster-admin through a group binding, which, unlike system:masters,
# RBAC can revoke.
deployer_up() {
  cert pulumi "/O=hello-k8s:deployers/CN=pulumi"
  kubeconfig "$STATE/pulumi.kubeconfig" pulumi
  api_curl /apis/rbac.authorization.k8s.io/v1/clusterrolebindings -X POST -H 'Content-Type: application/yaml' \
    --data-binary @- >/dev/null <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "hello-k8s:deployers" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: "hello-k8s:deployers" }]
YAML
  ready_line deployer "user pulumi (group hello-k8s:deployers, cluster-admin) in $STATE/pulumi.kubeconfig"
}
