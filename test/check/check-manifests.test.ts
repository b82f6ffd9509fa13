// Each check can fail: fixtures derived from the real local Deployment, one defect each.
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { checkManifests } from '../../check/check-manifests';
import { formatProblem } from '../../check/manifest-check';
import { kubernetesReleases } from '../../check/tools';

const DIST = join(__dirname, '..', '..', 'dist');
const objects = () => parseAllDocuments(readFileSync(join(DIST, 'local.k8s.yaml'), 'utf8')).map((d) => d.toJS());

/** Writes the local manifests with `edit` applied to the Deployment, and returns the check's problem lines. */
async function problemsAfter(edit: (deployment: any) => void): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-check-'));
  const docs = objects().map((o) => {
    if (o.kind === 'Deployment') {
      edit(o);
    }
    return stringify(o);
  });
  const file = join(dir, 'fixture.k8s.yaml');
  writeFileSync(file, docs.join('---\n'));
  return (await checkManifests([file], dir)).problems.map(formatProblem);
}
/** Writes the local manifests plus `extra` objects, and returns the check's problem lines. */
async function problemsWith(...extra: object[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-check-'));
  const file = join(dir, 'fixture.k8s.yaml');
  writeFileSync(file, [...objects(), ...extra].map((o) => stringify(o)).join('---\n'));
  return (await checkManifests([file], dir)).problems.map(formatProblem);
}
const at = 'fixture.k8s.yaml: Deployment/hello-local/hello-app';
/** The releases the check validates against: the constructs' API level and the clusters'. */
const [API_LEVEL, CLUSTER] = kubernetesReleases().map((r) => r.minor);
/** A Pod Security finding, once per release, each at its own version. */
const podSecurity = (finding: string) => [API_LEVEL, CLUSTER].map((minor) =>
  `${at}: spec.template: violates PodSecurity "restricted:v${minor}": ${finding} [pod-security, Kubernetes ${minor}]${src}`);
// The check reads YAML alone; synth adds the construct and chart line behind each finding (test/dist.test.ts).
const src = '';

test.concurrent('dist/ as committed has no problems', async () => {
  expect(await problemsAfter(() => undefined)).toStrictEqual([]);
});

// A rejected Deployment is not linted (kube-score cannot parse it), and the
// autoscaler, Service and NetworkPolicy that point at it get no follow-on findings.
test.concurrent('a wrong type: one finding, no follow-on noise', async () => {
  expect(await problemsAfter((d) => { d.spec.replicas = 'two'; })).toStrictEqual([
    `${at}: spec.replicas: must be integer, got "two" [schema]${src}`,
  ]);
});

test.concurrent('an unknown field', async () => {
  expect(await problemsAfter((d) => { d.spec.template.spec.containers[0].imagePullPolice = 'IfNotPresent'; })).toStrictEqual([
    `${at}: spec.template.spec.containers[0].imagePullPolice: unknown field [schema]${src}`,
  ]);
});

test.concurrent('a missing required field', async () => {
  expect(await problemsAfter((d) => { delete d.spec.selector; })).toContain(
    `${at}: spec.selector: required field is missing [schema]${src}`,
  );
});

test.concurrent('a bad enum value', async () => {
  expect(await problemsAfter((d) => { d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes'; })).toContain(
    `${at}: spec.template.spec.containers[0].imagePullPolicy: must be one of Always, IfNotPresent, Never, got "Sometimes" [schema]${src}`,
  );
});

// The API server's own validation, offline (tools/k8s-validate): what the schema allows but the API refuses.
test.concurrent.each([
  ['a port out of range', (d: any) => { d.spec.template.spec.containers[0].ports[0].containerPort = 70000; },
    'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ['an invalid label value', (d: any) => { d.spec.template.metadata.labels['app.kubernetes.io/version'] = '1.0.0!'; },
    'spec.template.labels: Invalid value: "1.0.0!": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')'],
  ['a probe with a negative period', (d: any) => { d.spec.template.spec.containers[0].readinessProbe.periodSeconds = -1; },
    'spec.template.spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0'],
])('%s is rejected with the API server\'s message', async (_name, edit, message) => {
  expect(await problemsAfter(edit)).toStrictEqual([`${at}: ${message} [api]${src}`]);
});

// Each release words this one its own way: both are reported, each naming its release.
test.concurrent('a selector that does not match the template\'s labels is rejected by both releases', async () => {
  const labels = {
    'app.kubernetes.io/component': 'web', 'app.kubernetes.io/instance': 'hello-app-local', 'app.kubernetes.io/managed-by': 'cdk8s',
    'app.kubernetes.io/name': 'hello-app', 'app.kubernetes.io/part-of': 'hello-k8s', 'app.kubernetes.io/version': '1.0.0',
    'cdk8s.io/metadata.addr': 'local-hello-app-deployment-c83228c9',
  };
  const goMap = `map[string]string{${Object.entries(labels).map(([k, v]) => `"${k}":"${v}"`).join(', ')}}`;
  const mismatch = '`selector` does not match template `labels`';
  expect(await problemsAfter((d) => { d.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'other'; })).toStrictEqual([
    `${at}: spec.template.metadata.labels: Invalid value: ${JSON.stringify(labels)}: ${mismatch} [api, Kubernetes ${CLUSTER}]${src}`,
    `${at}: spec.template.metadata.labels: Invalid value: ${goMap}: ${mismatch} [api, Kubernetes ${API_LEVEL}]${src}`,
  ]);
});

// An API one release lacks fails the check, naming that release and the API.
test.concurrent('an API removed since the API level (FlowSchema v1beta3, removed in 1.32) is rejected for the cluster\'s release', async () => {
  expect(await problemsWith({
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kind: 'FlowSchema',
    metadata: { name: 'hello-app' },
    spec: { priorityLevelConfiguration: { name: 'workload-low' }, matchingPrecedence: 1000 },
  })).toStrictEqual([
    `fixture.k8s.yaml: FlowSchema/hello-app: apiVersion: Kubernetes ${CLUSTER} does not serve flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema [schema, Kubernetes ${CLUSTER}]`,
  ]);
});

test.concurrent('an API newer than the API level (DeviceClass resource.k8s.io/v1, 1.34) is rejected for the API level', async () => {
  expect(await problemsWith({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: 'hello-app' },
    spec: {},
  })).toStrictEqual([
    `fixture.k8s.yaml: DeviceClass/hello-app: apiVersion: Kubernetes ${API_LEVEL} does not serve resource.k8s.io/v1 DeviceClass [schema, Kubernetes ${API_LEVEL}]`,
  ]);
});

// Pod Security Standards, restricted, at each release's own version (k8s.io/pod-security-admission/policy).
test.concurrent.each([
  ['a root container', (d: any) => { d.spec.template.spec.containers[0].securityContext.runAsUser = 0; }, [
    `${at}: hello-app: The container is running with a low user ID: A userid above 10 000 is recommended to avoid conflicts with the host. Set securityContext.runAsUser to a value > 10000 [kube-score/container-security-context-user-group-id]${src}`,
    ...podSecurity('runAsUser=0 (container "hello-app" must not set runAsUser=0)'),
  ]],
  ['an added capability', (d: any) => { d.spec.template.spec.containers[0].securityContext.capabilities.add = ['NET_ADMIN']; }, [
    ...podSecurity('unrestricted capabilities (container "hello-app" must not include "NET_ADMIN" in securityContext.capabilities.add)'),
  ]],
  ['a hostPath volume', (d: any) => { d.spec.template.spec.volumes.push({ name: 'host', hostPath: { path: '/var/log' } }); }, [
    ...podSecurity('restricted volume types (volume "host" uses restricted volume type "hostPath")'),
  ]],
  ['a privileged container', (d: any) => {
    // (The API itself refuses privileged together with allowPrivilegeEscalation: false.)
    Object.assign(d.spec.template.spec.containers[0].securityContext, { privileged: true, allowPrivilegeEscalation: true });
  }, [
    `${at}: hello-app: The container is privileged: Set securityContext.privileged to false. Privileged containers can access all devices on the host, and grants almost the same access as non-containerized processes on the host. [kube-score/container-security-context-privileged]${src}`,
    ...[0, 1].flatMap((i) => [
      podSecurity('allowPrivilegeEscalation != false (container "hello-app" must set securityContext.allowPrivilegeEscalation=false)')[i],
      podSecurity('privileged (container "hello-app" must not set securityContext.privileged=true)')[i],
    ]),
  ]],
])('%s violates the restricted Pod Security Standard', async (_name, edit, lines) => {
  expect(await problemsAfter(edit)).toStrictEqual(lines);
});

test.concurrent('a missing readiness probe', async () => {
  expect(await problemsAfter((d) => { delete d.spec.template.spec.containers[0].readinessProbe; })).toStrictEqual([
    `${at}: (object): Container is missing a readinessProbe: A readinessProbe should be used to indicate when the service is ready to receive traffic. Without it, the Pod is risking to receive traffic before it has booted. It's also used during rollouts, and can prevent downtime if a new version of the application is failing. [kube-score/pod-probes]${src}`,
  ]);
});

test.concurrent('a :latest image', async () => {
  expect(await problemsAfter((d) => { d.spec.template.spec.containers[0].image = 'ghcr.io/hello-k8s/hello-app:latest'; })).toStrictEqual([
    `${at}: hello-app: Image with latest tag: Using a fixed tag is recommended to avoid accidental upgrades [kube-score/container-image-tag]${src}`,
  ]);
});
