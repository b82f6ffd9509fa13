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
// The check reads YAML alone; synth adds the construct and chart line behind each finding (test/dist.test.ts).
const src = '';

test('dist/ as committed has no problems', () => {
  expect(problemsAfter(() => undefined)).toStrictEqual([]);
});

// A rejected Deployment is not linted (kube-score cannot parse it), and the
// autoscaler, Service and NetworkPolicy that point at it get no follow-on findings.
test('a wrong type: one finding, no follow-on noise', () => {
  expect(problemsAfter((d) => { d.spec.replicas = 'two'; })).toStrictEqual([
    `${at}: spec.replicas: must be integer, got "two" [schema]${src}`,
  ]);
});

test('an unknown field', () => {
  expect(problemsAfter((d) => { d.spec.template.spec.containers[0].imagePullPolice = 'IfNotPresent'; })).toStrictEqual([
    `${at}: spec.template.spec.containers[0].imagePullPolice: unknown field [schema]${src}`,
  ]);
});

test('a missing required field', () => {
  expect(problemsAfter((d) => { delete d.spec.selector; })).toContain(
    `${at}: spec.selector: required field is missing [schema]${src}`,
  );
});

test('a bad enum value', () => {
  expect(problemsAfter((d) => { d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes'; })).toContain(
    `${at}: spec.template.spec.containers[0].imagePullPolicy: must be one of Always, IfNotPresent, Never, got "Sometimes" [schema]${src}`,
  );
});

// The API server's own validation, offline (tools/k8s-validate): what the schema allows but the API refuses.
test.each([
  ['a port out of range', (d: any) => { d.spec.template.spec.containers[0].ports[0].containerPort = 70000; },
    'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ['an invalid label value', (d: any) => { d.spec.template.metadata.labels['app.kubernetes.io/version'] = '1.0.0!'; },
    'spec.template.labels: Invalid value: "1.0.0!": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')'],
  ['a selector that does not match the template\'s labels', (d: any) => { d.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'other'; },
    'spec.template.metadata.labels: Invalid value: map[string]string{"app.kubernetes.io/component":"web", "app.kubernetes.io/instance":"hello-app-local", "app.kubernetes.io/managed-by":"cdk8s", "app.kubernetes.io/name":"hello-app", "app.kubernetes.io/part-of":"hello-k8s", "app.kubernetes.io/version":"1.0.0", "cdk8s.io/metadata.addr":"local-hello-app-deployment-c83228c9"}: `selector` does not match template `labels`'],
  ['a probe with a negative period', (d: any) => { d.spec.template.spec.containers[0].readinessProbe.periodSeconds = -1; },
    'spec.template.spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0'],
])('%s is rejected with the API server\'s message', (_name, edit, message) => {
  expect(problemsAfter(edit)).toStrictEqual([`${at}: ${message} [api]${src}`]);
});

// Pod Security Standards, restricted at the cluster's version (k8s.io/pod-security-admission/policy).
test.each([
  ['a root container', (d: any) => { d.spec.template.spec.containers[0].securityContext.runAsUser = 0; }, [
    `${at}: hello-app: The container is running with a low user ID: A userid above 10 000 is recommended to avoid conflicts with the host. Set securityContext.runAsUser to a value > 10000 [kube-score/container-security-context-user-group-id]${src}`,
    `${at}: spec.template: violates PodSecurity "restricted:v1.28": runAsUser=0 (container "hello-app" must not set runAsUser=0) [pod-security]${src}`,
  ]],
  ['an added capability', (d: any) => { d.spec.template.spec.containers[0].securityContext.capabilities.add = ['NET_ADMIN']; }, [
    `${at}: spec.template: violates PodSecurity "restricted:v1.28": unrestricted capabilities (container "hello-app" must not include "NET_ADMIN" in securityContext.capabilities.add) [pod-security]${src}`,
  ]],
  ['a hostPath volume', (d: any) => { d.spec.template.spec.volumes.push({ name: 'host', hostPath: { path: '/var/log' } }); }, [
    `${at}: spec.template: violates PodSecurity "restricted:v1.28": restricted volume types (volume "host" uses restricted volume type "hostPath") [pod-security]${src}`,
  ]],
  ['a privileged container', (d: any) => {
    // (The API itself refuses privileged together with allowPrivilegeEscalation: false.)
    Object.assign(d.spec.template.spec.containers[0].securityContext, { privileged: true, allowPrivilegeEscalation: true });
  }, [
    `${at}: hello-app: The container is privileged: Set securityContext.privileged to false. Privileged containers can access all devices on the host, and grants almost the same access as non-containerized processes on the host. [kube-score/container-security-context-privileged]${src}`,
    `${at}: spec.template: violates PodSecurity "restricted:v1.28": allowPrivilegeEscalation != false (container "hello-app" must set securityContext.allowPrivilegeEscalation=false) [pod-security]${src}`,
    `${at}: spec.template: violates PodSecurity "restricted:v1.28": privileged (container "hello-app" must not set securityContext.privileged=true) [pod-security]${src}`,
  ]],
])('%s violates the restricted Pod Security Standard', (_name, edit, lines) => {
  expect(problemsAfter(edit)).toStrictEqual(lines);
});

test('a missing readiness probe', () => {
  expect(problemsAfter((d) => { delete d.spec.template.spec.containers[0].readinessProbe; })).toStrictEqual([
    `${at}: (object): Container is missing a readinessProbe: A readinessProbe should be used to indicate when the service is ready to receive traffic. Without it, the Pod is risking to receive traffic before it has booted. It's also used during rollouts, and can prevent downtime if a new version of the application is failing. [kube-score/pod-probes]${src}`,
  ]);
});

test('a :latest image', () => {
  expect(problemsAfter((d) => { d.spec.template.spec.containers[0].image = 'ghcr.io/hello-k8s/hello-app:latest'; })).toStrictEqual([
    `${at}: hello-app: Image with latest tag: Using a fixed tag is recommended to avoid accidental upgrades [kube-score/container-image-tag]${src}`,
  ]);
});
