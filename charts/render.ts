import { App } from 'cdk8s';
import { EnvironmentChart } from './environment-chart';
import { Environment } from './environments';

/**
 * The exact text `npm run synth` writes to dist/ for one environment. The
 * stale-dist checks compare dist/ against this, so nothing is deployed that
 * the current chart code would not produce.
 */
export function renderEnvironment(environment: Environment): string {
  const app = new App();
  new EnvironmentChart(app, environment.name, { environment });
  return app.synthYaml();
}
