// What `cdk8s synth` and `npm run synth` run (cdk8s.yaml's `app`): one chart
// per environment and its canary's, checked offline as strictly as the API server would, then
// written to dist/ whole, with the digest of the sources it was made from.
import { runSynth } from './charts/synth-to-directory';
import { verifyDirectory } from './check/verify-directory';

void runSynth(async (outdir) => {
  // Imported here rather than above, so that a syntax error in a chart is one line too.
  const { synthApp } = await import('./charts/app');
  await verifyDirectory(outdir, synthApp(outdir));
});
