// What `cdk8s synth` and `npm run synth` run (cdk8s.yaml's `app`): one chart
// per environment and its canary's, checked offline as strictly as the API server would, then
// written to dist/ whole, with the digest of the sources it was made from.
import { App, YamlOutputType } from 'cdk8s';
import { CanaryChart } from './charts/canary-chart';
import { constructSources } from './charts/construct-sources';
import { EnvironmentChart } from './charts/environment-chart';
import { ENVIRONMENTS } from './charts/environments';
import { runSynth } from './charts/synth-to-directory';
import { verifyDirectory } from './check/verify-directory';

void runSynth(async (outdir) => {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const environment of ENVIRONMENTS) {
    new EnvironmentChart(app, environment.name, { environment });
    new CanaryChart(app, `${environment.name}-canary`, { environment });
  }
  app.synth();
  await verifyDirectory(outdir, constructSources(app));
});
