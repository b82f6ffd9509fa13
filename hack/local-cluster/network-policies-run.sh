# network-policies-run.sh DIR ARGS...: inside its own mount namespace (unshare, in
# network-policies.sh), puts DIR/serviceaccount where a pod's token is read from,
# on a /run of its own, and becomes DIR/kube-network-policies ARGS.
set -euo pipefail
dir=$1; shift
mount -t tmpfs -o mode=0755,size=1m hello-k8s-run /run
mkdir -p /run/secrets/kubernetes.io
cp -r "$dir/serviceaccount" /run/secrets/kubernetes.io/serviceaccount
exec "$dir/kube-network-policies" "$@"
