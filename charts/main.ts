// Entry point: one chart per environment, checked, then written atomically to dist/.
import { App, YamlOutputType } from 'cdk8s';
import { verifyDirectory } from '../check/verify-directory';
import { EnvironmentChart } from './environment-chart';
import { ENVIRONMENTS } from './environments';
import { runSynth } from './synth-to-directory';

runSynth((outdir) => {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const environment of ENVIRONMENTS) {
    new EnvironmentChart(app, environment.name, { environment });
  }
  app.synth();
}, verifyDirectory);
