// Test helper: one environment's manifests as synth writes them, rendered in memory.
import { App } from 'cdk8s';
import { CanaryChart } from '../charts/canary-chart';
import { EnvironmentChart } from '../charts/environment-chart';
import type { Environment } from '../charts/environments';

export function renderEnvironment(environment: Environment): string {
  const app = new App();
  new EnvironmentChart(app, environment.name, { environment });
  return app.synthYaml();
}

/** One environment's canary file as synth writes it. */
export function renderCanary(environment: Environment): string {
  const app = new App();
  new CanaryChart(app, `${environment.name}-canary`, { environment });
  return app.synthYaml();
}
