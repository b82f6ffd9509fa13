// Unit tier: the resource graph per stack, with Pulumi's mocks. Mocks prove
// structure only; the real apply is proven end to end against a real API server.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as pulumi from '@pulumi/pulumi';
import type { DeployConfig } from '../../deploy/config';
import type { StackOutputs } from '../../deploy/program';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const KUBECONFIG_TEXT = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: ""\n';

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
  readonly provider?: string;
  readonly id?: string;
}
let registered: Registered[] = [];

pulumi.runtime.setMocks({
  newResource: (args) => {
    registered.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, id: args.id });
    switch (args.type) {
      case 'kubernetes:yaml/v2:ConfigGroup': {
        // As the provider's ConfigGroup does: it applies each object as a child
        // resource and returns references to them (here only the Service the program reads).
        const service = new k8s.core.v1.Service(`${args.name}:${args.inputs.yaml.match(/namespace: (\S+)/)[1]}/hello-app`, {});
        return { id: `${args.name}-id`, state: { resources: [service] } };
      }
      case 'kubernetes:core/v1:Service':
        return { id: args.id ?? args.name, state: { spec: { type: 'LoadBalancer', clusterIP: '10.96.0.10' }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } } };
      case 'gcp:container/cluster:Cluster':
        return { id: args.name, state: { ...args.inputs, name: 'gke-cluster', location: 'us-central1', endpoint: '198.51.100.1', masterAuth: { clusterCaCertificate: 'Q0E=' } } };
      case 'eks:index:Cluster':
        return { id: args.name, state: { kubeconfigJson: '{"kind":"Config","clusters":[{"name":"eks"}]}' } };
      default:
        return { id: args.id ?? `${args.name}-id`, state: args.inputs };
    }
  },
  call: (args) => args.inputs,
}, 'hello-k8s', 'test', false);

let deployStack: (settings?: DeployConfig, distDir?: string) => Promise<StackOutputs>;
let k8s: typeof import('@pulumi/kubernetes');
let kubeconfigFile: string;

beforeAll(async () => {
  ({ deployStack } = await import('../../deploy/program'));
  k8s = await import('@pulumi/kubernetes');
  kubeconfigFile = join(mkdtempSync(join(tmpdir(), 'hello-k8s-kube-')), 'kubeconfig');
  writeFileSync(kubeconfigFile, KUBECONFIG_TEXT);
});
beforeEach(() => {
  registered = [];
});

const settings = (overrides: Partial<DeployConfig>): DeployConfig => ({
  environment: 'local', cluster: 'local', kubeconfig: kubeconfigFile, nodeCount: 2, machineType: 'e2-small', ...overrides,
});
const value = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));
async function deploy(overrides: Partial<DeployConfig>, distDir?: string) {
  const outputs = await deployStack(settings(overrides), distDir);
  const url = await value(outputs.url);
  return { outputs, url };
}
const byType = (type: string) => registered.filter((r) => r.type === type);
/** Unwraps a secret input, failing if the value was not marked secret. */
function secretValue(input: any): any {
  expect(input).toStrictEqual({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: expect.anything() });
  return input.value;
}

describe('local stack', () => {
  test('registers only the provider from the kubeconfig and the release: no cloud resources', async () => {
    await deploy({});
    expect(registered.map((r) => r.type).sort()).toStrictEqual([
      'hello-k8s:index:HelloAppRelease',
      'hello-k8s:index:LocalCluster',
      'kubernetes:core/v1:Service',
      'kubernetes:yaml/v2:ConfigGroup',
      'pulumi:providers:kubernetes',
    ]);
    const [provider] = byType('pulumi:providers:kubernetes');
    expect(provider.name).toBe('local-provider');
    expect(secretValue(provider.inputs.kubeconfig)).toBe(KUBECONFIG_TEXT);
  });

  test('applies exactly dist/local.k8s.yaml through that provider', async () => {
    await deploy({});
    const [group] = byType('kubernetes:yaml/v2:ConfigGroup');
    expect(group.name).toBe('hello-app-manifests');
    expect(group.inputs).toStrictEqual({ yaml: readFileSync(join(DIST, 'local.k8s.yaml'), 'utf8') });
    expect(group.provider).toMatch(/::local-provider::/);
  });

  test('the release\'s canary step: dist/local-canary.k8s.yaml too, in a group of its own that `--target **hello-app-canary**` names', async () => {
    await deploy({ releaseStep: 'canary' });
    const groups = byType('kubernetes:yaml/v2:ConfigGroup');
    expect(groups.map((g) => g.name)).toStrictEqual(['hello-app-manifests', 'hello-app-canary']);
    expect(groups[1].inputs).toStrictEqual({ yaml: readFileSync(join(DIST, 'local-canary.k8s.yaml'), 'utf8') });
  });

  test('reports the applied Service\'s address and URL, the namespace and the version', async () => {
    const { outputs, url } = await deploy({});
    const [service] = byType('kubernetes:core/v1:Service');
    expect(service.name).toBe('hello-app-manifests:hello-local/hello-app');
    expect(await value(outputs.address)).toBe('203.0.113.7');
    expect(url).toBe('http://203.0.113.7/');
    expect(outputs.namespace).toBe('hello-local');
    expect(outputs.version).toBe('1.0.0');
    expect(outputs.kubeconfig).toBeUndefined(); // the local cluster's kubeconfig is a file already
  });

  test('a bad config value in the stack is a RunError: Pulumi prints the message alone, without a stack trace', async () => {
    pulumi.runtime.setConfig('hello-k8s:cluster', 'aks');
    const error = await deployStack().catch((err: unknown) => err);
    pulumi.runtime.setAllConfig({});
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).stack).toBe('RunError: config \'hello-k8s:cluster\' must be one of local, gke, eks, got "aks"');
    expect(registered).toStrictEqual([]);
  });

  test('a missing kubeconfig says how to get one', async () => {
    await expect(deployStack(settings({ kubeconfig: '/nonexistent/kubeconfig' }))).rejects.toThrow(new Error(
      'kubeconfig /nonexistent/kubeconfig does not exist: start the local cluster first, or set `pulumi config set hello-k8s:kubeconfig <path>`',
    ));
  });
});

describe('gke stack', () => {
  test('defines a cluster and node pool, builds the provider from them, and applies the production dist/', async () => {
    const { outputs } = await deploy({ environment: 'production', cluster: 'gke', nodeCount: 3, machineType: 'e2-medium' });
    const [cluster] = byType('gcp:container/cluster:Cluster');
    expect(cluster.inputs).toMatchObject({ removeDefaultNodePool: true, initialNodeCount: 1 });
    const [pool] = byType('gcp:container/nodePool:NodePool');
    expect(pool.inputs).toMatchObject({ cluster: 'gke-cluster', nodeCount: 3, nodeConfig: { machineType: 'e2-medium' } });
    const [provider] = byType('pulumi:providers:kubernetes');
    expect(provider.name).toBe('gke-provider');
    const kubeconfig = JSON.parse(secretValue(provider.inputs.kubeconfig));
    expect(kubeconfig.clusters[0].cluster).toStrictEqual({ server: 'https://198.51.100.1', 'certificate-authority-data': 'Q0E=' });
    expect(kubeconfig.users[0].user.exec.command).toBe('gke-gcloud-auth-plugin');
    const [group] = byType('kubernetes:yaml/v2:ConfigGroup');
    expect(group.inputs.yaml).toBe(readFileSync(join(DIST, 'production.k8s.yaml'), 'utf8'));
    expect(group.provider).toMatch(/::gke-provider::/);
    expect(outputs.namespace).toBe('hello-production');
    expect(JSON.parse(await value(outputs.kubeconfig!))).toStrictEqual(kubeconfig);
    expect(byType('eks:index:Cluster')).toHaveLength(0);
  });
});

describe('eks stack', () => {
  test('defines an EKS cluster and deploys with a provider built from its kubeconfig', async () => {
    await deploy({ environment: 'production', cluster: 'eks', nodeCount: 2, machineType: 't3.small' });
    const [cluster] = byType('eks:index:Cluster');
    expect(cluster.inputs).toMatchObject({ instanceType: 't3.small', desiredCapacity: 2, minSize: 1, maxSize: 3 });
    const [provider] = byType('pulumi:providers:kubernetes');
    expect(provider.name).toBe('eks-provider');
    expect(secretValue(provider.inputs.kubeconfig)).toBe('{"kind":"Config","clusters":[{"name":"eks"}]}');
    expect(byType('kubernetes:yaml/v2:ConfigGroup')[0].provider).toMatch(/::eks-provider::/);
    expect(byType('gcp:container/cluster:Cluster')).toHaveLength(0);
  });
});

describe('stale-dist guard', () => {
  /** dist/ beside a copy of what it was synthesized from, with `edit` applied to that copy. */
  function projectCopy(edit: (root: string) => void = () => undefined): string {
    const root = mkdtempSync(join(tmpdir(), 'hello-k8s-project-'));
    for (const path of ['dist', 'main.ts', 'package-lock.json', 'charts']) {
      cpSync(join(ROOT, path), join(root, path), { recursive: true });
    }
    edit(root);
    return join(root, 'dist');
  }

  test.each([
    ['a changed chart', (root: string) => writeFileSync(join(root, 'charts', 'environments.ts'), `${readFileSync(join(root, 'charts', 'environments.ts'), 'utf8')}\n`), 'charts/environments.ts'],
    ['a new chart file', (root: string) => writeFileSync(join(root, 'charts', 'extra.ts'), 'export {};\n'), 'charts/extra.ts'],
    ['a hand-edited manifest', (root: string) => writeFileSync(join(root, 'dist', 'local.k8s.yaml'),
      readFileSync(join(root, 'dist', 'local.k8s.yaml'), 'utf8').replace('maxReplicas: 4', 'maxReplicas: 5')), 'dist/local.k8s.yaml'],
  ])('%s fails before any resource is registered, naming the file', async (_what, edit, file) => {
    const error = await deployStack(settings({}), projectCopy(edit)).catch((err: unknown) => err);
    expect((error as Error).message).toBe(
      `dist/ is stale: ${file} changed since the last synth. Run \`npm run synth\`, review and commit dist/, then deploy again`,
    );
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(registered).toStrictEqual([]);
  });

  test('an unchanged copy passes', async () => {
    await expect(deploy({}, projectCopy())).resolves.toBeDefined();
  });

  test('a missing environment file is named', async () => {
    await expect(deployStack(settings({ environment: 'staging' }))).rejects.toThrow(new Error('dist/staging.k8s.yaml is missing: run `npm run synth` and commit dist/'));
  });
});
