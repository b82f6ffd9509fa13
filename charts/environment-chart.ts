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

/** One environment's manifests: its Namespace and the hello-app inside it. */
export class EnvironmentChart extends Chart {
  public readonly app: HelloApp;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    const namespace = checkDnsLabel(id, 'namespace', props.environment.namespace);
    super(scope, id, { namespace, disableResourceNameHashes: true });

    const ns = new kplus.Namespace(this, 'namespace', { metadata: { name: namespace } });
    // Namespaces are cluster-scoped; the chart-wide namespace must not stick to it.
    ApiObject.of(ns).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.app = new HelloApp(this, 'hello-app', props.environment.app);
  }
}
