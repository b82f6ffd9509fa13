// `npm run drift` with bad input: one line naming the flag or the stack, exit 2,
// before any cluster is read.
import { spawnSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

test.each([
  ['a misspelt flag', ['--stak', 'local'], /^drift: --stak: unknown option \(usage: npm run drift \[-- --stack S\]\)$/],
  ['a stack with no config file', ['--stack', 'nosuch'], /^drift: stack "nosuch": .*Pulumi\.nosuch\.yaml does not exist$/],
])('%s: one line, exit 2', (_case, args, line) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'drift/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  const lines = result.stderr.split('\n').filter(Boolean);
  expect({ status: result.status, lines: lines.length }).toStrictEqual({ status: 2, lines: 1 });
  expect(lines[0]).toMatch(line);
});
