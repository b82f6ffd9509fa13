import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Environment } from './environments';
import { HelloApp } from './hello-app';
import { checkDnsLabel } from './validation';

export interface EnvironmentChartProps {
  /** The environment to render. */
  readonly environment: Environment;
}

/**
 * The Pod Security Standards version the namespaces enforce: the minor of the
 * Kubernetes API these charts target (cdk8s-plus-28), the oldest release the
 * check validates against. Pinned, so a cluster upgrade never changes what is
 * admitted; newer clusters apply v1.28's rules, and the check proves the pods
 * also meet the clusters' own version of them.
 */
export const POD_SECURITY_VERSION = 'v1.28';

/**
 * One environment's manifests: its Namespace, where the API server admits only
 * pods that meet the `restricted` Pod Security Standard, and the hello-app inside it.
 */
export class EnvironmentChart extends Chart {
  public readonly app: HelloApp;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    const namespace = checkDnsLabel(id, 'namespace', props.environment.namespace);
    super(scope, id, { namespace, disableResourceNameHashes: true });

    const podSecurity: Record<string, string> = {};
    for (const mode of ['enforce', 'audit', 'warn']) {
      podSecurity[`pod-security.kubernetes.io/${mode}`] = 'restricted';
      podSecurity[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
    }
    const ns = new kplus.Namespace(this, 'namespace', { metadata: { name: namespace, labels: podSecurity } });
    // Namespaces are cluster-scoped; the chart-wide namespace must not stick to it.
    ApiObject.of(ns).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.app = new HelloApp(this, 'hello-app', props.environment.app);
  }
}
