# The wrapper-module build every recipe uses (sourced by build.sh).

# count_packages DIR PKG...: how many packages the build compiles at most, for
# the progress lines (go build -v names each package it compiles in the log).
count_packages() {
  local dir=$1; shift
  (cd "$dir" && go list -deps "$@" | wc -l) > "$PROGRESS_TOTAL" 2>/dev/null || true
}

# build_in_wrapper NAME VERSION LDFLAGS GOMOD_BODY PKG:BINARY...
# Writes a throwaway wrapper module (so upstream replace directives and
# version pins are ours), resolves it, and builds each package, with the
# build tags in $BUILD_TAGS if set. A package named ./PATH is the wrapper's own.
build_in_wrapper() {
  local name=$1 version=$2 ldflags=$3 gomod=$4; shift 4
  local dir; dir=$(tool_dir "$name" "$version")
  local work="$dir/wrapper"
  mkdir -p "$work" "$dir/bin"
  printf 'module hello-k8s.local/tools/%s\n\ngo 1.26\n\n%s\n' "$name" "$gomod" > "$work/go.mod"
  {
    echo '//go:build tools'
    echo 'package tools'
    echo 'import ('
    for spec in "$@"; do [[ $spec == ./* ]] || echo "	_ \"${spec%%:*}\""; done
    echo ')'
  } > "$work/tools.go"
  (cd "$work" && go mod tidy >/dev/null)
  local pkgs=(); for spec in "$@"; do pkgs+=("${spec%%:*}"); done
  count_packages "$work" "${pkgs[@]}"
  for spec in "$@"; do
    (cd "$work" && go build -v -trimpath -tags "${BUILD_TAGS:-}" -ldflags "$ldflags" -o "$dir/bin/${spec##*:}" "${spec%%:*}")
  done
}
