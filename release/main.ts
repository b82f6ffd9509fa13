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
import { readPlan } from './plan';
import { runRelease } from './release';
import { renderReleaseReport } from './report';

const ROOT = join(__dirname, '..');
const USAGE = 'usage: npm run release -- [--stack S] [--output file.md]';

const log = (message: string) => process.stderr.write(`[release ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main(): Promise<number> {
  const { values } = parseOptions(process.argv.slice(2), USAGE, {
    stack: { type: 'string', default: process.env.STACK ?? 'local' },
    output: { type: 'string' },
  });
  const target = stackTarget(ROOT, values.stack!);
  const plan = readPlan(target.manifestFile, target.manifestFile.replace(/\.k8s\.yaml$/, '-canary.k8s.yaml'));
  const access = { kubectl: process.env.KUBECTL ?? 'kubectl', kubeconfig: target.kubeconfig, context: target.context };
  const figures = await runRelease({ root: ROOT, stack: values.stack! }, plan, access, log);
  publish(ROOT, 'release', figures, renderReleaseReport(figures), values.output);
  return figures.verdict.decision === 'promote' ? 0 : 1;
}

void runMain('release', main);
