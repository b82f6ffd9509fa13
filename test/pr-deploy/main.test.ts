// `npm run pr:deploy` with bad input: one line naming the flag, exit 2, and
// nothing touched (no worktree, no cluster, no Pulumi call). A bad --base is
// diff/dist-files.ts's baseCommit, tested in a git repository of its own.
import { spawnSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

test.each([
  ['no --base', [], /^pr:deploy: --base: required \(usage: npm run pr:deploy -- --base <git-ref> /],
  ['a misspelt flag', ['--bsae', 'HEAD'], /^pr:deploy: --bsae: unknown option \(usage: /],
  ['a kubeconfig that does not exist', ['--base', 'HEAD', '--kubeconfig', '/nonexistent/kubeconfig'], /^pr:deploy: --kubeconfig: \/nonexistent\/kubeconfig does not exist \(usage: /],
])('%s: one line, exit 2', (_case, args, line) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'pr-deploy/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  const lines = result.stderr.split('\n').filter(Boolean);
  expect({ status: result.status, lines: lines.length }).toStrictEqual({ status: 2, lines: 1 });
  expect(lines[0]).toMatch(line);
});
