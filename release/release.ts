// A release's steps in order, on any stack: the canary, the analysis of the
// pods' /metrics over the window the chart rendered, then promote or roll
// back. `npm run release` runs it on the developer's stack, `npm run pr:deploy
// -- --canary` on its throwaway one.
import type { ClusterAccess } from '../drift/kubectl';
import { analyze } from './analysis';
import { revision, scrapePods } from './cluster';
import type { ReleasePlan } from './plan';
import type { ReleaseFigures, StepFigures } from './report';
import { canaryUp, promote, ReleaseStack, rollBack } from './steps';

/** Runs the steps; the canary is removed whatever happens. */
export async function runRelease(stack: ReleaseStack, plan: ReleasePlan, access: ClusterAccess, log: (message: string) => void): Promise<ReleaseFigures> {
  const app = { access, namespace: plan.namespace, selector: plan.selector, canaryLabel: plan.canaryLabel, port: plan.metricsPort };
  const before = revision(access, plan.namespace, plan.stable); // and a clear error when the stack is not deployed
  const steps: StepFigures[] = [];
  const step = async <T>(name: StepFigures['step'], body: () => T | Promise<T>): Promise<T> => {
    const startedUnixMs = Date.now();
    log(name);
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
    return { stack: stack.stack, settings: plan.settings, steps, verdict, stableRevision: { before, after: revision(access, plan.namespace, plan.stable) } };
  } finally {
    if (!decided && steps.length > 0) {
      log('no decision: removing the canary');
      rollBack(stack);
    }
  }
}
