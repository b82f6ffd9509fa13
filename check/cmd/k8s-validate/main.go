// Command k8s-validate runs, offline, the validation the Kubernetes API server
// runs when an object is created, and the Pod Security Standards check its
// admission runs, using the code of the pinned k8s.io/kubernetes release:
//
//   - each object is decoded, defaulted and converted to the internal type as
//     the API server does, then passed through its registry strategy's create
//     path (rest.BeforeCreate: PrepareForCreate, metadata and the kind's own
//     validation, e.g. apps/validation for a Deployment);
//   - every pod template is evaluated with k8s.io/pod-security-admission/policy
//     at the level and version given by -pod-security.
//
// Usage: k8s-validate [-pod-security restricted:v1.28] FILE...
// Output: one JSON object per line and finding:
// {"file","index","object","path","message","check"}; check is "api" or "pod-security".
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	"k8s.io/kubernetes/pkg/capabilities"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/autoscaling/horizontalpodautoscaler"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/core/configmap"
	"k8s.io/kubernetes/pkg/registry/core/namespace"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/secret"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/core/serviceaccount"
	"k8s.io/kubernetes/pkg/registry/networking/networkpolicy"
	"k8s.io/kubernetes/pkg/registry/policy/poddisruptionbudget"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// strategies are the API server's create paths, by group and kind.
var strategies = map[schema.GroupKind]rest.RESTCreateStrategy{
	{Group: "", Kind: "ConfigMap"}:                          configmap.Strategy,
	{Group: "", Kind: "Namespace"}:                          namespace.Strategy,
	{Group: "", Kind: "Pod"}:                                pod.Strategy,
	{Group: "", Kind: "Secret"}:                             secret.Strategy,
	{Group: "", Kind: "Service"}:                            service.Strategy,
	{Group: "", Kind: "ServiceAccount"}:                     serviceaccount.Strategy,
	{Group: "apps", Kind: "DaemonSet"}:                      daemonset.Strategy,
	{Group: "apps", Kind: "Deployment"}:                     deployment.Strategy,
	{Group: "apps", Kind: "StatefulSet"}:                    statefulset.Strategy,
	{Group: "autoscaling", Kind: "HorizontalPodAutoscaler"}: horizontalpodautoscaler.Strategy,
	{Group: "batch", Kind: "CronJob"}:                       cronjob.Strategy,
	{Group: "batch", Kind: "Job"}:                           job.Strategy,
	{Group: "networking.k8s.io", Kind: "NetworkPolicy"}:     networkpolicy.Strategy,
	{Group: "policy", Kind: "PodDisruptionBudget"}:          poddisruptionbudget.Strategy,
}

// Finding is one problem with one object.
type Finding struct {
	File    string `json:"file"`
	Index   int    `json:"index"` // the document's position in its file, from 0
	Object  string `json:"object"`
	Path    string `json:"path"`
	Message string `json:"message"`
	Check   string `json:"check"`
}

func main() {
	// As kube-apiserver --allow-privileged (the default of kubeadm, GKE, EKS and the
	// local cluster): privileged pods are the Pod Security Standards' to refuse.
	capabilities.Setup(true, 0)
	level := flag.String("pod-security", "restricted:v1.28", "Pod Security Standards level:version every pod template must meet")
	flag.Parse()
	if err := run(*level, flag.Args(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "k8s-validate:", err)
		os.Exit(2)
	}
}

func run(levelVersion string, files []string, stdout io.Writer) error {
	lv, err := parseLevelVersion(levelVersion)
	if err != nil {
		return err
	}
	evaluator, err := newEvaluator()
	if err != nil {
		return err
	}
	out := json.NewEncoder(stdout)
	for _, file := range files {
		docs, err := readDocuments(file)
		if err != nil {
			return err
		}
		for i, doc := range docs {
			for _, f := range validate(doc, evaluator, lv) {
				f.File, f.Index = file, i
				if err := out.Encode(f); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func parseLevelVersion(s string) (psaapi.LevelVersion, error) {
	var level, version string
	for i := range s {
		if s[i] == ':' {
			level, version = s[:i], s[i+1:]
		}
	}
	l, err := psaapi.ParseLevel(level)
	if err != nil {
		return psaapi.LevelVersion{}, fmt.Errorf("-pod-security: invalid value %q: %w", s, err)
	}
	v, err := psaapi.ParseVersion(version)
	if err != nil {
		return psaapi.LevelVersion{}, fmt.Errorf("-pod-security: invalid value %q: %w", s, err)
	}
	return psaapi.LevelVersion{Level: l, Version: v}, nil
}

// readDocuments splits a YAML stream into its documents, as JSON.
func readDocuments(file string) ([][]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(f))
	var docs [][]byte
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		json, err := utilyaml.ToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if string(json) != "null" {
			docs = append(docs, json)
		}
	}
}

// validate runs the create-time validation and the pod security check on one document.
func validate(doc []byte, evaluator policy.Evaluator, lv psaapi.LevelVersion) []Finding {
	internal, gvk, err := legacyscheme.Codecs.UniversalDecoder().Decode(doc, nil, nil)
	if err != nil {
		// Unknown kinds and undecodable objects are the schema check's to report.
		return nil
	}
	accessor, err := meta.Accessor(internal)
	if err != nil {
		return nil
	}
	name := objectName(gvk.Kind, accessor)
	var findings []Finding
	if strategy, ok := strategies[gvk.GroupKind()]; ok {
		// The request's namespace, as the API server puts it in the context ("" for cluster-scoped kinds).
		ns := metav1.NamespaceNone
		if strategy.NamespaceScoped() {
			ns = accessor.GetNamespace()
			if ns == "" {
				ns = metav1.NamespaceDefault
				accessor.SetNamespace(ns)
			}
		}
		ctx := genericapirequest.WithNamespace(context.Background(), ns)
		// The request's API version: newer releases validate declaratively
		// against the versioned type the request named.
		ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
			IsResourceRequest: true, Verb: "create", APIGroup: gvk.Group, APIVersion: gvk.Version,
			Namespace: ns, Name: accessor.GetName(),
		})
		// What the API server's create handler sets before the strategy runs.
		rest.FillObjectMetaSystemFields(accessor)
		if err := rest.BeforeCreate(strategy, ctx, internal); err != nil {
			findings = append(findings, apiFindings(name, err)...)
		}
	}
	external, _, err := legacyscheme.Codecs.UniversalDeserializer().Decode(doc, nil, nil)
	if err == nil {
		if path, meta, spec := podTemplate(external); spec != nil {
			for _, result := range evaluator.EvaluatePod(lv, meta, spec) {
				if !result.Allowed {
					findings = append(findings, Finding{Object: name, Path: path, Check: "pod-security",
						Message: fmt.Sprintf("violates PodSecurity %q: %s (%s)", lv.String(), result.ForbiddenReason, result.ForbiddenDetail)})
				}
			}
		}
	}
	return findings
}

// apiFindings turns the API server's Invalid error into one finding per field error.
func apiFindings(name string, err error) []Finding {
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Details != nil && len(status.Status().Details.Causes) > 0 {
		var findings []Finding
		for _, cause := range status.Status().Details.Causes {
			findings = append(findings, Finding{Object: name, Path: cause.Field, Message: cause.Message, Check: "api"})
		}
		return findings
	}
	return []Finding{{Object: name, Message: err.Error(), Check: "api"}}
}

// podTemplate finds the pod metadata and spec an object would run, and where.
func podTemplate(obj runtime.Object) (string, *metav1.ObjectMeta, *corev1.PodSpec) {
	switch o := obj.(type) {
	case *corev1.Pod:
		return "spec", &o.ObjectMeta, &o.Spec
	case *appsv1.Deployment:
		return "spec.template", &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.StatefulSet:
		return "spec.template", &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.DaemonSet:
		return "spec.template", &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.ReplicaSet:
		return "spec.template", &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *batchv1.Job:
		return "spec.template", &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *batchv1.CronJob:
		return "spec.jobTemplate.spec.template", &o.Spec.JobTemplate.Spec.Template.ObjectMeta, &o.Spec.JobTemplate.Spec.Template.Spec
	}
	return "", nil, nil
}

// objectName is Kind/namespace/name, as the other checks print it.
func objectName(kind string, o metav1.Object) string {
	if o.GetNamespace() == "" {
		return kind + "/" + o.GetName()
	}
	return kind + "/" + o.GetNamespace() + "/" + o.GetName()
}
