// `npm run diff -- --base <git-ref> [--output report.md]`: a Markdown report of
// how the manifests in dist/ differ between a base ref and the working tree.
// Exit codes: 0 no change, 1 changes, 2 error.
import { writeFileSync } from 'fs';
import { parseArgs } from 'util';
import { join } from 'path';
import { distAtRef, distInWorkingTree } from './dist-files';
import { diffEnvironment, hasChanges } from './manifest-diff';
import { renderReport } from './markdown-report';

const REPO_ROOT = join(__dirname, '..');

function main(): number {
  const { values } = parseArgs({
    options: { base: { type: 'string' }, output: { type: 'string' } },
    strict: true,
  });
  if (!values.base) {
    throw new Error('--base <git-ref> is required, e.g. npm run diff -- --base origin/main');
  }
  const base = distAtRef(REPO_ROOT, values.base);
  const head = distInWorkingTree(REPO_ROOT);
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
