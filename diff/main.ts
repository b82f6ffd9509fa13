// `npm run diff -- --base <git-ref> [--output report.md]`: a Markdown report of
// how the manifests in dist/ differ between a base ref and the working tree.
// Exit codes: 0 no change, 1 changes, 2 error.
import { writeFileSync } from 'fs';
import { join } from 'path';
import { errorLine, parseOptions, runMain, UsageError } from '../scripts/cli';
import { distAtRef, distInWorkingTree } from './dist-files';
import { diffEnvironment, hasChanges } from './manifest-diff';
import { renderReport } from './markdown-report';

const REPO_ROOT = join(__dirname, '..');
const USAGE = 'usage: npm run diff -- --base <git-ref> [--output report.md]';

function main(): number {
  const { values } = parseOptions(process.argv.slice(2), USAGE, {
    base: { type: 'string' }, output: { type: 'string' },
  });
  if (!values.base) {
    throw new UsageError(`--base: required (${USAGE})`);
  }
  const base = distAtRef(REPO_ROOT, values.base);
  const head = distInWorkingTree(REPO_ROOT);
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const diffs = names.map((name) => diffEnvironment(name, base.get(name) ?? '', head.get(name) ?? ''));
  const report = renderReport(diffs, values.base);
  if (values.output) {
    try {
      writeFileSync(values.output, report);
    } catch (err: any) {
      throw new UsageError(`--output ${values.output}: cannot write it (${err.code ?? errorLine(err)})`);
    }
  }
  process.stdout.write(report);
  return diffs.some(hasChanges) ? 1 : 0;
}

void runMain('diff', main);
