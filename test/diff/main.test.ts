// `npm run diff` with bad input: one line naming the flag or value, exit 2. (A base
// that is not a commit: test/diff/dist-files.test.ts; parseOptions' other errors: test/scripts/cli.test.ts.)
import { spawnSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

test.each([
  ['no --base', [], /^diff: --base: required \(usage: npm run diff -- --base <git-ref> \[--output report\.md\]\)$/],
  ['a misspelt flag', ['--bsae', 'HEAD'], /^diff: --bsae: unknown option \(usage: /],
])('%s: one line, exit 2', (_case, args, line) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'diff/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  const lines = result.stderr.split('\n').filter(Boolean);
  expect({ status: result.status, lines: lines.length }).toStrictEqual({ status: 2, lines: 1 });
  expect(lines[0]).toMatch(line);
});
