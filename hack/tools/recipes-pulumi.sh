# Recipes: the Pulumi CLI, its Node.js language host and the Kubernetes provider
# (sourced by build.sh; each build_<tool> runs with its log as stdout).

build_pulumi() {
  build_in_wrapper pulumi "$PULUMI_VERSION" \
    "-s -w -checklinkname=0 -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    "require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)
// Upstream's own replace directives, restated for a module-proxy build.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi:pulumi
}

build_pulumi-language-nodejs() {
  build_in_wrapper pulumi-language-nodejs "$PULUMI_LANGUAGE_NODEJS_VERSION" \
    "-s -w -checklinkname=0 -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_LANGUAGE_NODEJS_VERSION" \
    "require github.com/pulumi/pulumi/sdk/v3 v$PULUMI_LANGUAGE_NODEJS_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs:pulumi-language-nodejs
}

# The provider embeds a versioned schema generated from files in its own
# package directory, so it is built from a writable copy of the module.
build_pulumi-resource-kubernetes() {
  local dir; dir=$(tool_dir pulumi-resource-kubernetes "$PULUMI_KUBERNETES_VERSION")
  local mod=github.com/pulumi/pulumi-kubernetes/provider/v4
  local src; src=$(cd /tmp && go mod download -json "$mod@$PULUMI_KUBERNETES_PROVIDER_MODULE" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -n "$src" ] || { log "cannot download $mod@$PULUMI_KUBERNETES_PROVIDER_MODULE"; return 1; }
  rm -rf "$dir" && mkdir -p "$dir/bin" && cp -r "$src" "$dir/src" && chmod -R u+w "$dir/src"
  (
    cd "$dir/src"
    go mod edit -replace "github.com/pulumi/pulumi-kubernetes/sdk/v4=github.com/pulumi/pulumi-kubernetes/sdk/v4@$PULUMI_KUBERNETES_SDK_MODULE"
    go mod tidy >/dev/null
    (cd cmd/pulumi-resource-kubernetes && VERSION="$PULUMI_KUBERNETES_VERSION" go run generate.go)
    count_packages . ./cmd/pulumi-resource-kubernetes
    go build -v -trimpath -ldflags "-s -w -checklinkname=0 -X $mod/pkg/version.Version=$PULUMI_KUBERNETES_VERSION" \
      -o "$dir/bin/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes
  )
  rm -rf "$dir/src"
}
