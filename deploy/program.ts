import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { join } from 'path';
import { LocalCluster } from './clusters/local-cluster';
import { DeployConfig, readDeployConfig } from './config';
import { assertDistIsFresh } from './dist-guard';
import { InputError } from './input-error';
import { HelloAppRelease } from './hello-app-release';

/** The stack's outputs. */
export interface StackOutputs {
  readonly address: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;
  readonly namespace: string;
  readonly version: string;
  readonly clusterName?: pulumi.Output<string>;
  /** Cloud stacks: the cluster's kubeconfig (a secret), for kubectl and `npm run drift`. */
  readonly kubeconfig?: pulumi.Output<string>;
}

// The cloud modules are imported only by their own stacks: @pulumi/gcp and
// @pulumi/eks (with @pulumi/aws) take seconds to load, on every local preview too.
async function clusterProvider(settings: DeployConfig): Promise<{ provider: k8s.Provider; clusterName?: pulumi.Output<string>; kubeconfig?: pulumi.Output<string> }> {
  switch (settings.cluster) {
    case 'local':
      return new LocalCluster('local', { kubeconfig: settings.kubeconfig, context: settings.kubeContext });
    case 'gke': {
      const { GkeCluster } = await import('./clusters/gke-cluster');
      return new GkeCluster('gke', { nodeCount: settings.nodeCount, machineType: settings.machineType });
    }
    case 'eks': {
      const { EksCluster } = await import('./clusters/eks-cluster');
      return new EksCluster('eks', { nodeCount: settings.nodeCount, machineType: settings.machineType });
    }
  }
}

/**
 * Checks the config and dist/, then defines the cluster (cloud stacks) and
 * applies the environment's manifests. Bad input fails as a RunError, which
 * Pulumi prints as its message alone.
 * @param settings @default - the stack's `hello-k8s:*` config
 * @param distDir @default - the project's dist/
 */
export async function deployStack(settings?: DeployConfig, distDir: string = join(__dirname, '..', 'dist')): Promise<StackOutputs> {
  try {
    return await defineStack(settings ?? readDeployConfig(new pulumi.Config('hello-k8s')), distDir);
  } catch (err) {
    throw err instanceof InputError ? runError(err.message) : err;
  }
}

function runError(message: string): pulumi.RunError {
  const error = new pulumi.RunError(message);
  // Pulumi still formats every uncaught error with util.inspect, and on Node
  // 20.20 that spun for about 30 s (twice) on source-mapped SDK frames such as
  // `node_modules/@pulumi/resource.ts`. The stack is never shown: keep one line.
  error.stack = `RunError: ${message}`;
  return error;
}

async function defineStack(settings: DeployConfig, distDir: string): Promise<StackOutputs> {
  // Before any resource is registered: never deploy a stale dist/.
  const manifestFile = assertDistIsFresh(settings.environment, distDir);
  const cluster = await clusterProvider(settings);
  const canaryManifestFile = settings.releaseStep === 'canary' ? manifestFile.replace(/\.k8s\.yaml$/, '-canary.k8s.yaml') : undefined;
  const release = new HelloAppRelease('hello-app', { manifestFile, provider: cluster.provider, canaryManifestFile });
  return {
    address: release.address,
    url: release.url,
    namespace: release.namespace,
    version: release.version,
    ...(cluster.clusterName ? { clusterName: cluster.clusterName } : {}),
    ...(cluster.kubeconfig ? { kubeconfig: cluster.kubeconfig } : {}),
  };
}
