import { App, YamlOutputType } from 'cdk8s';
import { CanaryChart } from './canary-chart';
import { constructSources, ObjectIdentity } from './construct-sources';
import { EnvironmentChart } from './environment-chart';
import { ENVIRONMENTS } from './environments';

/**
 * Synthesizes one chart per environment and its canary's into `outdir`, a
 * file per chart, and returns where each object came from (for the check's
 * findings).
 */
export function synthApp(outdir: string): (object: ObjectIdentity) => string | undefined {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const environment of ENVIRONMENTS) {
    new EnvironmentChart(app, environment.name, { environment });
    new CanaryChart(app, `${environment.name}-canary`, { environment });
  }
  app.synth();
  return constructSources(app);
}
