#!/usr/bin/env bash
# Runs the Pulumi CLI built by tools/build.sh on a stack, with a local file
# state backend (no Pulumi Cloud login) and no plugin downloads.
#   npm run preview|up|destroy [-- extra pulumi flags]
#   STACK=gke npm run up      (default stack: local)
# On the local stack with no hello-k8s:kubeconfig set, the project's own
# cluster is started first (scripts/cluster/cluster.sh up).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
source "$ROOT/tools/versions.env"
cd "$ROOT"

command=${1:?usage: scripts/pulumi.sh preview|up|destroy [pulumi flags]}; shift
STACK=${STACK:-local}

bash "$ROOT/tools/build.sh" pulumi pulumi-language-nodejs pulumi-resource-kubernetes
export PATH="$HELLO_K8S_CACHE/tools/pulumi@$PULUMI_VERSION/bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# `npm test` type-checks the program (tsc --strict); here ts-node only
# transpiles, which saves about 10 s per run (the cloud SDKs' typings are large).
# (Pulumi.yaml's runtime options cannot say this to our language host: v3.68
# reads them as flags, which current CLIs no longer pass.)
export PULUMI_NODEJS_TRANSPILE_ONLY=${PULUMI_NODEJS_TRANSPILE_ONLY:-true}
export PULUMI_HOME=${PULUMI_HOME:-$HELLO_K8S_CACHE/pulumi-home}
export PULUMI_BACKEND_URL=${PULUMI_BACKEND_URL:-file://$ROOT/.pulumi}
# The file backend encrypts secrets (the kubeconfig) with a passphrase; set your own outside local use.
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-hello-k8s-local}
mkdir -p "${PULUMI_BACKEND_URL#file://}"

# Our builds of the plugins, installed the way `pulumi plugin install` would download them.
install_plugin() { # KIND NAME VERSION BINARY
  pulumi plugin ls 2>/dev/null | grep -Eq "^$2 +$1 +$3 " ||
    pulumi plugin install "$1" "$2" "$3" --file "$HELLO_K8S_CACHE/tools/$4@$3/bin/$4" >/dev/null
}
install_plugin resource kubernetes "$PULUMI_KUBERNETES_VERSION" pulumi-resource-kubernetes
# Language hosts count as bundled with the CLI: Pulumi looks for them next to its own binary.
ln -sf "$HELLO_K8S_CACHE/tools/pulumi-language-nodejs@$PULUMI_LANGUAGE_NODEJS_VERSION/bin/pulumi-language-nodejs" \
  "$HELLO_K8S_CACHE/tools/pulumi@$PULUMI_VERSION/bin/pulumi-language-nodejs"

pulumi stack select --create "$STACK" >/dev/null
if [ "$STACK" = local ] && [ -z "$(pulumi config get hello-k8s:kubeconfig 2>/dev/null)" ] && [ "$command" != destroy ]; then
  bash "$ROOT/scripts/cluster/cluster.sh" up
fi

case $command in
  preview) pulumi preview --stack "$STACK" --non-interactive --diff "$@" ;;
  up)
    pulumi up --stack "$STACK" --non-interactive --yes --skip-preview "$@"
    url=$(pulumi stack output url --stack "$STACK")
    log "app URL: $url"
    # The proof a user wants: a real container answering at that URL (kube-proxy
    # may need a moment to write the new address's rules).
    answer=$(curl -fsS --max-time 5 --retry 10 --retry-connrefused --retry-delay 1 "$url") ||
      { log "$url did not answer"; exit 1; }
    log "curl $url: ${answer%%$'\n'*}"
    ;;
  destroy) pulumi destroy --stack "$STACK" --non-interactive --yes --skip-preview "$@" ;;
  *) pulumi "$command" --stack "$STACK" "$@" ;;
esac
