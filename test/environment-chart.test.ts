import { Testing } from 'cdk8s';
import { EnvironmentChart } from '../charts/environment-chart';
import { ENVIRONMENTS, findEnvironment } from '../charts/environments';

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s chart', (_name, environment) => {
  const objects: any[] = Testing.synth(new EnvironmentChart(Testing.app(), environment.name, { environment }));

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('creates its namespace first and puts every namespaced object in it', () => {
    expect(objects[0]).toStrictEqual({
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: environment.namespace }, spec: {},
    });
    for (const o of objects.slice(1)) {
      expect(o.metadata.namespace).toBe(environment.namespace);
    }
  });
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
