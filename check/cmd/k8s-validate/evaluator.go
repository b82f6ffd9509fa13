package main

import (
	"fmt"
	"reflect"

	"k8s.io/pod-security-admission/policy"
)

// newEvaluator builds the Pod Security Standards evaluator of the release this
// binary is built against. The check builds this one source against two
// releases (check/go.mod and check/go.1.28.mod), and policy.NewEvaluator gained
// an emulation-version argument between them; nil there means "no emulation",
// the behaviour of the older one-argument form. Reflection calls either form.
func newEvaluator() (policy.Evaluator, error) {
	fn := reflect.ValueOf(policy.NewEvaluator)
	args := []reflect.Value{reflect.ValueOf(policy.DefaultChecks())}
	for i := 1; i < fn.Type().NumIn(); i++ {
		args = append(args, reflect.Zero(fn.Type().In(i)))
	}
	out := fn.Call(args)
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	evaluator, ok := out[0].Interface().(policy.Evaluator)
	if !ok {
		return nil, fmt.Errorf("policy.NewEvaluator returned %s, not a policy.Evaluator", out[0].Type())
	}
	return evaluator, nil
}
