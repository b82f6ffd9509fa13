#!/usr/bin/env bash
# Runs the Pulumi CLI built by hack/tools/build.sh on a stack, with a local file
# state backend (no Pulumi Cloud login) and no plugin downloads.
#   hack/run preview|up|destroy [extra pulumi flags]
#   hack/run drift [--stack S]
#   STACK=gke hack/run up      (default stack: local)
#   hack/run pr-deploy --base REF [--output F]: the template's `npm run pr:deploy`
#     on the local cluster, with these builds on PATH
#   hack/run release [--stack S]: the template's `npm run release`, the same way
#   hack/pulumi.sh env: the environment it gives `pulumi` (KEY=VALUE lines)
# On the local stack with no hello-k8s:kubeconfig set, the project's own
# cluster is started first (hack/local-cluster/cluster.sh up).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/hack/lib.sh"
source "$ROOT/tools/versions.env"
cd "$ROOT"

USAGE="usage: hack/run preview|up|destroy|drift|pr-deploy|release [flags]; hack/pulumi.sh stack ARGS|env"
command=${1:-}
case $command in
  preview|up|destroy|drift|stack|env|pr-deploy|release) shift ;;
  *) echo "pulumi.sh: ${command:-(none)}: not a command here ($USAGE)" >&2; exit 2 ;;
esac
STACK=${STACK:-local}

[ -f "Pulumi.$STACK.yaml" ] || { echo "pulumi.sh: STACK=$STACK: no Pulumi.$STACK.yaml (stacks: $(ls Pulumi.*.yaml | sed 's/Pulumi\.\(.*\)\.yaml/\1/' | paste -sd, -))" >&2; exit 2; }
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_HOME=${PULUMI_HOME:-$HELLO_K8S_CACHE/pulumi-home}
export PULUMI_BACKEND_URL=${PULUMI_BACKEND_URL:-file://$ROOT/.pulumi}
# The file backend encrypts secrets (the kubeconfig) with a passphrase; set your own outside local use.
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-hello-k8s-local}
mkdir -p "${PULUMI_BACKEND_URL#file://}"

# npm run drift [-- --stack S]: the live cluster against dist/ (drift/main.ts),
# with the project's kubectl; Pulumi only for a cloud stack's kubeconfig output.
if [ "$command" = drift ]; then
  use_tools kubectl pulumi  # pulumi for a cloud stack's kubeconfig output
  STACK=$STACK exec node --import tsx "$ROOT/drift/main.ts" "$@"
fi

bash "$ROOT/hack/tools/build.sh" pulumi pulumi-language-nodejs pulumi-resource-kubernetes
export PATH="$HELLO_K8S_CACHE/tools/pulumi@$PULUMI_VERSION/bin:$PATH"

# Our build of the provider plugin, installed the way `pulumi plugin install`
# would download it (checked on disk first: the CLI call is not free).
install_plugin() { # KIND NAME VERSION BINARY
  [ -x "$PULUMI_HOME/plugins/$1-$2-v$3/pulumi-$1-$2" ] ||
    pulumi plugin install "$1" "$2" "$3" --file "$HELLO_K8S_CACHE/tools/$4@$3/bin/$4" >/dev/null
}
install_plugin resource kubernetes "$PULUMI_KUBERNETES_VERSION" pulumi-resource-kubernetes
# Language hosts count as bundled with the CLI: Pulumi looks for them next to its own binary.
ln -sf "$HELLO_K8S_CACHE/tools/pulumi-language-nodejs@$PULUMI_LANGUAGE_NODEJS_VERSION/bin/pulumi-language-nodejs" \
  "$HELLO_K8S_CACHE/tools/pulumi@$PULUMI_VERSION/bin/pulumi-language-nodejs"

# The template's program, given this machine's parts: the local cluster (as the
# user Pulumi deploys with), the project's kubectl, and the cluster's registry
# for each tree's image, the way `kind load image-archive` serves kind.
if [ "$command" = pr-deploy ]; then
  bash "$ROOT/hack/local-cluster/cluster.sh" up
  use_tools kubectl
  exec node --import tsx "$ROOT/pr-deploy/main.ts" --kubeconfig "$ROOT/.cluster/pulumi.kubeconfig" \
    --load-image "bash '$ROOT/hack/local-cluster/cluster.sh' push-image ." "$@"
fi

# Create the stack on first use. The file backend writes a stack's file when the
# stack is created (plain or gzipped), so an existing one needs no CLI call; for
# any other backend, `stack select --create` selects or creates.
stack_file=${PULUMI_BACKEND_URL#file://}/.pulumi/stacks/hello-k8s/$STACK.json
[[ $PULUMI_BACKEND_URL == file://* ]] && { [ -f "$stack_file" ] || [ -f "$stack_file.gz" ]; } ||
  pulumi stack select --create "$STACK" >/dev/null
if [ "$STACK" = local ] && ! grep -q '^  hello-k8s:kubeconfig:' "Pulumi.$STACK.yaml"; then
  [ "$command" = destroy ] || [ "$command" = env ] || bash "$ROOT/hack/local-cluster/cluster.sh" up
  # The local cluster is disposable: after a cluster:down, the objects the stack
  # recorded went with it. The provider's own switch drops them from the state
  # instead of failing to reach a cluster that no longer exists.
  export PULUMI_K8S_DELETE_UNREACHABLE=true
fi

# npm run release on a deployed stack: this state backend, these builds and the
# provider settings above, so its plain `pulumi up` is the same as `hack/run up`'s.
if [ "$command" = release ]; then
  use_tools kubectl
  STACK=$STACK exec node --import tsx "$ROOT/release/main.ts" "$@"
fi

case $command in
  preview) pulumi preview --stack "$STACK" --non-interactive --diff "$@" ;;
  up)
    ensure_apt_packages curl  # for the last step: the URL answering
    # --refresh: read the live objects first, so a field changed out of band (npm run drift) is put back.
    pulumi up --stack "$STACK" --non-interactive --yes --skip-preview --refresh "$@"
    url=$(pulumi stack output url --stack "$STACK")
    log "app URL: $url"
    # The proof a user wants: a real container answering at that URL (kube-proxy
    # may need a moment to write the new address's rules: up to 10 s, every 0.1 s).
    answer=""
    for _ in $(seq 1 100); do
      answer=$(curl -fsS --max-time 2 "$url" 2>/dev/null) && break
      sleep 0.1
    done
    [ -n "$answer" ] || { log "$url did not answer"; exit 1; }
    log "curl $url: ${answer%%$'\n'*}"
    ;;
  destroy) pulumi destroy --stack "$STACK" --non-interactive --yes --skip-preview "$@" ;;
  # The environment the commands above give `pulumi`, for running the CLI itself (the bench).
  env) env | grep -E '^(PATH|PULUMI_[A-Z0-9_]+)=' ;;
  *) pulumi "$command" --stack "$STACK" "$@" ;;
esac
