import { Testing } from 'cdk8s';
import { EnvironmentChart, POD_SECURITY_VERSION } from '../charts/environment-chart';
import { kubernetesReleases } from '../check/tools';
import { ENVIRONMENTS, findEnvironment, IMAGE } from '../charts/environments';

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s chart', (_name, environment) => {
  const objects: any[] = Testing.synth(new EnvironmentChart(Testing.app(), environment.name, { environment }));

  test('matches the snapshot (the image pin aside: `npm run image -- --pin` changes it)', () => {
    expect(JSON.parse(JSON.stringify(objects).replaceAll(IMAGE, '<IMAGE>'))).toMatchSnapshot();
  });

  test('runs the pinned image', () => {
    expect(IMAGE).toMatch(/^ghcr\.io\/hello-k8s\/hello-app:1\.0\.0@sha256:[0-9a-f]{64}$/);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toBe(IMAGE);
  });

  test('creates its namespace first and puts every namespaced object in it', () => {
    expect(objects[0]).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: environment.namespace,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': 'v1.28',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': 'v1.28',
        },
      },
      spec: {},
    });
    for (const o of objects.slice(1)) {
      expect(o.metadata.namespace).toBe(environment.namespace);
    }
  });
});

test('namespaces enforce the Pod Security Standards of the API level the constructs are written for', () => {
  expect(POD_SECURITY_VERSION).toBe(`v${kubernetesReleases()[0].minor}`);
});

test('environments have unique names and namespaces', () => {
  expect(new Set(ENVIRONMENTS.map((e) => e.name)).size).toBe(ENVIRONMENTS.length);
  expect(new Set(ENVIRONMENTS.map((e) => e.namespace)).size).toBe(ENVIRONMENTS.length);
});

test('a bad namespace names the prop and value', () => {
  const environment = { ...findEnvironment('local'), namespace: 'Hello Local' };
  expect(() => new EnvironmentChart(Testing.app(), 'local', { environment })).toThrow(new Error(
    'local: \'namespace\' must be a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters), got "Hello Local"',
  ));
});

test('findEnvironment lists the known environments', () => {
  expect(() => findEnvironment('staging')).toThrow(new Error('unknown environment "staging": expected one of local, production'));
});
