import * as pulumi from '@pulumi/pulumi';
import { LOCAL_CLUSTER_KUBECONFIG, readDeployConfig } from '../../deploy/config';
import { InputError } from '../../deploy/input-error';

function configWith(values: Record<string, string>): pulumi.Config {
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [`hello-k8s:${k}`, v])));
  return new pulumi.Config('hello-k8s');
}

test('defaults: the local environment on the project\'s own local cluster', () => {
  expect(readDeployConfig(configWith({}))).toStrictEqual({
    environment: 'local', cluster: 'local', kubeconfig: LOCAL_CLUSTER_KUBECONFIG, kubeContext: undefined, nodeCount: 2, machineType: 'e2-small',
  });
});

test('empty strings (Pulumi.yaml defaults) mean unset', () => {
  expect(readDeployConfig(configWith({ kubeconfig: '', kubeContext: '', machineType: '' }))).toMatchObject({
    kubeconfig: LOCAL_CLUSTER_KUBECONFIG, kubeContext: undefined, machineType: 'e2-small',
  });
});

test('the release\'s canary step (set only by npm run release, in its own copy of the stack\'s config)', () => {
  expect(readDeployConfig(configWith({ releaseStep: 'canary' }))).toMatchObject({ releaseStep: 'canary' });
  expect(readDeployConfig(configWith({ releaseStep: '' })).releaseStep).toBeUndefined();
});

test('typed values are read as such', () => {
  expect(readDeployConfig(configWith({ cluster: 'eks', environment: 'production', nodeCount: '3', kubeconfig: '/tmp/k' }))).toMatchObject({
    cluster: 'eks', environment: 'production', nodeCount: 3, kubeconfig: '/tmp/k', machineType: 't3.small',
  });
});

test.each([
  [{ cluster: 'aks' }, 'config \'hello-k8s:cluster\' must be one of local, gke, eks, got "aks"'],
  [{ environment: 'staging' }, 'config \'hello-k8s:environment\' must be one of local, production (dist/<environment>.k8s.yaml), got "staging"'],
  [{ nodeCount: '0' }, 'config \'hello-k8s:nodeCount\' must be an integer >= 1, got 0'],
  [{ environment: 'local-canary' }, 'config \'hello-k8s:environment\' must be one of local, production (dist/<environment>.k8s.yaml), got "local-canary"'],
  [{ releaseStep: 'promote' }, 'config \'hello-k8s:releaseStep\' must be canary or unset, got "promote"'],
])('bad value %j', (values, message) => {
  expect(() => readDeployConfig(configWith(values))).toThrow(new Error(message));
});

test('input errors are InputErrors, which the program reports as RunErrors (test/deploy/program.test.ts)', () => {
  expect(() => readDeployConfig(configWith({ cluster: 'aks' }))).toThrow(InputError);
});
