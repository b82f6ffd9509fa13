import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { EnvironmentChartProps } from './environment-chart';
import { HelloApp } from './hello-app';

/**
 * One environment's canary (dist/<environment>-canary.k8s.yaml): the same
 * hello-app on the canary track, which `npm run release` applies beside the
 * stable objects of dist/<environment>.k8s.yaml and removes once it decided.
 */
export class CanaryChart extends Chart {
  public readonly app: HelloApp;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, { namespace: props.environment.namespace, disableResourceNameHashes: true });
    this.app = new HelloApp(this, 'hello-app', { ...props.environment.app, track: 'canary' });
  }
}
