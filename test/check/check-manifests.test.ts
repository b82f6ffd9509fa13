// Each check can fail: fixtures derived from the real local Deployment, one defect each.
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { checkManifests } from '../../check/check-manifests';
import { formatProblem } from '../../check/manifest-check';

const DIST = join(__dirname, '..', '..', 'dist');
const objects = () => parseAllDocuments(readFileSync(join(DIST, 'local.k8s.yaml'), 'utf8')).map((d) => d.toJS());

/** Writes the local manifests with `edit` applied to the Deployment, and returns the check's problem lines. */
function problemsAfter(edit: (deployment: any) => void): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-check-'));
  const docs = objects().map((o) => {
    if (o.kind === 'Deployment') {
      edit(o);
    }
    return stringify(o);
  });
  const file = join(dir, 'fixture.k8s.yaml');
  writeFileSync(file, docs.join('---\n'));
  return checkManifests([file], dir).problems.map(formatProblem);
}
const at = 'fixture.k8s.yaml: Deployment/hello-local/hello-app';

test('dist/ as committed has no problems', () => {
  expect(problemsAfter(() => undefined)).toStrictEqual([]);
});

// A schema-invalid object is not linted (kube-score cannot parse it), so the
// autoscaler, Service and NetworkPolicy that point at it are reported as orphans.
const orphaned = [
  'fixture.k8s.yaml: HorizontalPodAutoscaler/hello-local/hello-app: (object): The HPA target does not match anything [kube-score/horizontalpodautoscaler-has-target]',
  'fixture.k8s.yaml: NetworkPolicy/hello-local/hello-app: (object): The NetworkPolicys selector doesn\'t match any pods [kube-score/networkpolicy-targets-pod]',
  'fixture.k8s.yaml: Service/hello-local/hello-app: (object): The services selector does not match any pods [kube-score/service-targets-pod]',
];

test('a wrong type', () => {
  expect(problemsAfter((d) => { d.spec.replicas = 'two'; })).toStrictEqual([
    `${at}: spec.replicas: must be integer, got "two" [schema]`,
    ...orphaned,
  ]);
});

test('an unknown field', () => {
  expect(problemsAfter((d) => { d.spec.template.spec.containers[0].imagePullPolice = 'IfNotPresent'; })).toStrictEqual([
    `${at}: spec.template.spec.containers[0].imagePullPolice: unknown field [schema]`,
    ...orphaned,
  ]);
});

test('a missing required field', () => {
  expect(problemsAfter((d) => { delete d.spec.selector; })).toContain(
    `${at}: spec.selector: required field is missing [schema]`,
  );
});

test('a bad enum value', () => {
  expect(problemsAfter((d) => { d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes'; })).toContain(
    `${at}: spec.template.spec.containers[0].imagePullPolicy: must be one of Always, IfNotPresent, Never, got "Sometimes" [schema]`,
  );
});

test('a container running as root', () => {
  expect(problemsAfter((d) => {
    d.spec.template.spec.securityContext = {};
    d.spec.template.spec.containers[0].securityContext.runAsUser = 0;
    d.spec.template.spec.containers[0].securityContext.runAsNonRoot = false;
  })).toStrictEqual([
    `${at}: hello-app: The container is running with a low user ID: A userid above 10 000 is recommended to avoid conflicts with the host. Set securityContext.runAsUser to a value > 10000 [kube-score/container-security-context-user-group-id]`,
  ]);
});

test('a privileged container', () => {
  expect(problemsAfter((d) => { d.spec.template.spec.containers[0].securityContext.privileged = true; })).toStrictEqual([
    `${at}: hello-app: The container is privileged: Set securityContext.privileged to false. Privileged containers can access all devices on the host, and grants almost the same access as non-containerized processes on the host. [kube-score/container-security-context-privileged]`,
  ]);
});

test('a missing readiness probe', () => {
  expect(problemsAfter((d) => { delete d.spec.template.spec.containers[0].readinessProbe; })).toStrictEqual([
    `${at}: (object): Container is missing a readinessProbe: A readinessProbe should be used to indicate when the service is ready to receive traffic. Without it, the Pod is risking to receive traffic before it has booted. It's also used during rollouts, and can prevent downtime if a new version of the application is failing. [kube-score/pod-probes]`,
  ]);
});

test('a :latest image', () => {
  expect(problemsAfter((d) => { d.spec.template.spec.containers[0].image = 'ghcr.io/hello-k8s/hello-app:latest'; })).toStrictEqual([
    `${at}: hello-app: Image with latest tag: Using a fixed tag is recommended to avoid accidental upgrades [kube-score/container-image-tag]`,
  ]);
});
