// `npm run diff -- --base <git-ref> [--output report.md]`: a Markdown report of
// how the synthesized manifests differ between a base ref and the working tree.
// Exit codes: 0 no change, 1 changes, 2 error.
import { writeFileSync } from 'fs';
import { parseArgs } from 'util';
import { ENVIRONMENTS } from '../charts/environments';
import { REPO_ROOT } from '../charts/paths';
import { renderEnvironment } from '../charts/render';
import { diffEnvironment, hasChanges } from './manifest-diff';
import { renderReport } from './markdown-report';
import { synthesizeRef } from './synth-ref';

function main(): number {
  const { values } = parseArgs({
    options: { base: { type: 'string' }, output: { type: 'string' } },
    strict: true,
  });
  if (!values.base) {
    throw new Error('--base <git-ref> is required, e.g. npm run diff -- --base origin/main');
  }
  const base = synthesizeRef(REPO_ROOT, values.base);
  const head = new Map(ENVIRONMENTS.map((e) => [e.name, renderEnvironment(e)]));
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const diffs = names.map((name) => diffEnvironment(name, base.get(name) ?? '', head.get(name) ?? ''));
  const report = renderReport(diffs, values.base);
  if (values.output) {
    writeFileSync(values.output, report);
  }
  process.stdout.write(report);
  return diffs.some(hasChanges) ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`diff: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
