// `npm run release -- [--stack S] [--output file.md]`: takes what is committed
// in dist/ to a running stack in steps, with no human in the loop. A canary
// (dist/<environment>-canary.k8s.yaml) beside the stable pods; an analysis of
// the pods' own /metrics over the window its props set; then promote (a plain
// `pulumi up`: the stable Deployment gets the new dist/, the canary goes) or
// roll back (the canary goes, the stable Deployment untouched). Needs `pulumi`
// and `kubectl` on PATH, and a deployed stack.
// Exit codes: 0 promoted, 1 rolled back, 2 error (the canary is removed first).
import { join } from 'path';
import { stackTarget } from '../drift/stack';
import { parseOptions, runMain } from '../scripts/cli';
import { publish } from '../scripts/run';
import { analyze } from './analysis';
import { revision, scrapePods } from './cluster';
import { readPlan } from './plan';
import { ReleaseFigures, renderReleaseReport, StepFigures } from './report';
import { canaryUp, promote, rollBack } from './steps';

const ROOT = join(__dirname, '..');
const USAGE = 'usage: npm run release -- [--stack S] [--output file.md]';

const log = (message: string) => process.stderr.write(`[release ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main(): Promise<number> {
  const { values } = parseOptions(process.argv.slice(2), USAGE, {
    stack: { type: 'string', default: process.env.STACK ?? 'local' },
    output: { type: 'string' },
  });
  const stack = { root: ROOT, stack: values.stack! };
  const target = stackTarget(ROOT, stack.stack);
  const plan = readPlan(target.manifestFile, target.manifestFile.replace(/\.k8s\.yaml$/, '-canary.k8s.yaml'));
  const access = { kubectl: process.env.KUBECTL ?? 'kubectl', kubeconfig: target.kubeconfig, context: target.context };
  const app = { access, namespace: plan.namespace, selector: plan.selector, canaryLabel: plan.canaryLabel, port: plan.metricsPort };
  const before = revision(access, plan.namespace, plan.stable); // and a clear error when the stack is not deployed
  const steps: StepFigures[] = [];
  const step = async <T>(name: StepFigures['step'], body: () => T | Promise<T>): Promise<T> => {
    const startedUnixMs = Date.now();
    log(`${name}`);
    try {
      return await body();
    } finally {
      steps.push({ step: name, startedUnixMs, seconds: (Date.now() - startedUnixMs) / 1000 });
    }
  };

  let decided = false;
  try {
    await step('canary', () => canaryUp(stack));
    const verdict = await step('analysis', async () => {
      const start = scrapePods(app);
      await new Promise((r) => setTimeout(r, plan.settings.analysisSeconds * 1000));
      return analyze(start, scrapePods(app), plan.settings);
    });
    log(`${verdict.decision}: ${verdict.reasons.join('; ')}`);
    decided = true;
    await step(verdict.decision, () => (verdict.decision === 'promote' ? promote(stack) : rollBack(stack)));
    const figures: ReleaseFigures = {
      stack: stack.stack, settings: plan.settings, steps, verdict,
      stableRevision: { before, after: revision(access, plan.namespace, plan.stable) },
    };
    publish(ROOT, 'release', figures, renderReleaseReport(figures), values.output);
    return verdict.decision === 'promote' ? 0 : 1;
  } finally {
    if (!decided && steps.length > 0) {
      log('no decision: removing the canary');
      rollBack(stack);
    }
  }
}

void runMain('release', main);
