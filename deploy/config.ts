import { existsSync, readdirSync, readFileSync } from 'fs';
import { isAbsolute, join, resolve } from 'path';
import { InputError } from './input-error';

/** The project folder: Pulumi.yaml and dist/ are here. */
const PROJECT_ROOT = join(__dirname, '..');

/** Where the cluster comes from: a kubeconfig, or one this program defines. */
export type ClusterKind = 'local' | 'gke' | 'eks';
const CLUSTER_KINDS: readonly ClusterKind[] = ['local', 'gke', 'eks'];

/** The kubeconfig this repository's own local cluster (its harness) writes for deploying to the project's own local cluster (user pulumi). */
export const LOCAL_CLUSTER_KUBECONFIG = resolve(PROJECT_ROOT, '.cluster', 'pulumi.kubeconfig');

/** The stack's settings, typed and validated. Keys are declared in Pulumi.yaml. */
export interface DeployConfig {
  /** Which dist/ environment to apply: dist/<environment>.k8s.yaml. */
  readonly environment: string;
  /** Where to deploy. */
  readonly cluster: ClusterKind;
  /** local: kubeconfig file. @default the project's local cluster */
  readonly kubeconfig: string;
  /** local: kubeconfig context. @default the file's current context */
  readonly kubeContext?: string;
  /** gke/eks: worker nodes. */
  readonly nodeCount: number;
  /** gke: machine type; eks: instance type. */
  readonly machineType: string;
  /**
   * Set only by `npm run release` for its canary step: the program then also
   * applies dist/<environment>-canary.k8s.yaml. @default - none: the stable objects only
   */
  readonly releaseStep?: 'canary';
}

/** What the config is read from: a `pulumi.Config`, or a stand-in with its two getters. */
export interface ConfigSource {
  get(key: string): string | undefined;
  getNumber(key: string): number | undefined;
}

/**
 * Reads and checks the `hello-k8s:*` config (the program passes
 * `new pulumi.Config('hello-k8s')`; drift and release a stand-in read from
 * Pulumi.<stack>.yaml); errors name the key and value.
 */
export function readDeployConfig(config: ConfigSource): DeployConfig {
  // Pulumi.yaml declares optional strings with default "", which means unset.
  const get = (key: string): string | undefined => {
    const value = config.get(key);
    return value === '' ? undefined : value;
  };
  const cluster = get('cluster') ?? 'local';
  if (!CLUSTER_KINDS.includes(cluster as ClusterKind)) {
    throw new InputError(`config 'hello-k8s:cluster' must be one of ${CLUSTER_KINDS.join(', ')}, got ${JSON.stringify(cluster)}`);
  }
  const environment = get('environment') ?? 'local';
  // dist/<environment>.k8s.yaml; <environment>-canary.k8s.yaml is that environment's canary.
  const environments = readdirSync(join(PROJECT_ROOT, 'dist')).filter((f) => f.endsWith('.k8s.yaml') && !f.endsWith('-canary.k8s.yaml'))
    .map((f) => f.slice(0, -'.k8s.yaml'.length));
  if (!environments.includes(environment)) {
    throw new InputError(`config 'hello-k8s:environment' must be one of ${environments.join(', ')} (dist/<environment>.k8s.yaml), got ${JSON.stringify(environment)}`);
  }
  const nodeCount = config.getNumber('nodeCount') ?? 2;
  if (!Number.isInteger(nodeCount) || nodeCount < 1) {
    throw new InputError(`config 'hello-k8s:nodeCount' must be an integer >= 1, got ${nodeCount}`);
  }
  const kubeconfig = get('kubeconfig');
  const releaseStep = get('releaseStep');
  if (releaseStep !== undefined && releaseStep !== 'canary') {
    throw new InputError(`config 'hello-k8s:releaseStep' must be canary or unset, got ${JSON.stringify(releaseStep)}`);
  }
  return {
    environment,
    cluster: cluster as ClusterKind,
    kubeconfig: kubeconfig ? (isAbsolute(kubeconfig) ? kubeconfig : resolve(PROJECT_ROOT, kubeconfig)) : LOCAL_CLUSTER_KUBECONFIG,
    kubeContext: get('kubeContext'),
    nodeCount,
    machineType: get('machineType') ?? (cluster === 'eks' ? 't3.small' : 'e2-small'),
    ...(releaseStep ? { releaseStep } : {}),
  };
}

/** The kubeconfig file's contents, or an Error saying how to get one. */
export function readKubeconfig(path: string): string {
  if (!existsSync(path)) {
    throw new InputError(`kubeconfig ${path} does not exist: start the local cluster first, or set \`pulumi config set hello-k8s:kubeconfig <path>\``);
  }
  return readFileSync(path, 'utf8');
}
