import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { join } from 'path';
import { LocalCluster } from './clusters/local-cluster';
import { DeployConfig, readDeployConfig } from './config';
import { assertDistIsFresh } from './dist-guard';
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

/** Checks dist/, then defines the cluster (cloud stacks) and applies the environment's manifests. */
export async function deployStack(settings: DeployConfig = readDeployConfig(), distDir: string = join(__dirname, '..', 'dist')): Promise<StackOutputs> {
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
