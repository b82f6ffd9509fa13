// Test helper: one environment's manifests as synth writes them, rendered in memory.
import { App } from 'cdk8s';
import { EnvironmentChart } from '../charts/environment-chart';
import type { Environment } from '../charts/environments';

export function renderEnvironment(environment: Environment): string {
  const app = new App();
  new EnvironmentChart(app, environment.name, { environment });
  return app.synthYaml();
}
