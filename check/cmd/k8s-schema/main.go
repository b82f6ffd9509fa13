// Command k8s-schema writes the Kubernetes API's object schemas as one JSON
// Schema document, for offline manifest validation (scripts/check.ts).
//
// The definitions come from k8s.io/kubernetes' generated OpenAPI code, which
// keeps the enum values (the published api/openapi-spec files drop them); the
// group/version/kind of each top-level type comes from the published v3 spec
// in the same module.
//
// Usage: k8s-schema <dir of api/openapi-spec/v3> > schema.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"k8s.io/kubernetes/pkg/generated/openapi"
)

// definitionName turns a Go type path ("k8s.io/api/apps/v1.Deployment") into
// the name the published spec uses ("io.k8s.api.apps.v1.Deployment"). Newer
// releases' generated code uses that name already (no "/"): kept as is.
func definitionName(goPath string) string {
	host, rest, found := strings.Cut(goPath, "/")
	if !found {
		return goPath
	}
	labels := strings.Split(host, ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	return strings.Join(labels, ".") + "." + strings.ReplaceAll(rest, "/", ".")
}

// groupVersionKinds reads x-kubernetes-group-version-kind from every v3 spec file.
func groupVersionKinds(specDir string) (map[string]any, error) {
	files, err := filepath.Glob(filepath.Join(specDir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no v3 spec files in %s", specDir)
	}
	gvks := map[string]any{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Components struct {
				Schemas map[string]map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for name, schema := range doc.Components.Schemas {
			if gvk, ok := schema["x-kubernetes-group-version-kind"]; ok {
				gvks[name] = gvk
			}
		}
	}
	return gvks, nil
}

func run() error {
	if len(os.Args) != 2 {
		return fmt.Errorf("usage: k8s-schema <api/openapi-spec/v3 dir>")
	}
	gvks, err := groupVersionKinds(os.Args[1])
	if err != nil {
		return err
	}
	ref := func(path string) spec.Ref { return spec.MustCreateRef("#/definitions/" + definitionName(path)) }
	definitions := map[string]any{}
	for goPath, def := range openapi.GetOpenAPIDefinitions(common.ReferenceCallback(ref)) {
		name := definitionName(goPath)
		schema := def.Schema
		if gvk, ok := gvks[name]; ok {
			schema.AddExtension("x-kubernetes-group-version-kind", gvk)
		}
		definitions[name] = schema
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", " ")
	return out.Encode(map[string]any{"definitions": definitions})
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "k8s-schema:", err)
		os.Exit(1)
	}
}
