// `npm run pr:deploy` with bad input: one line naming the flag, exit 2, and
// nothing touched (no worktree, no cluster, no Pulumi call). A bad --base is
// diff/dist-files.ts's baseCommit, tested in a git repository of its own.
import { expectOneLine, runEntry } from '../entry';

test.each([
  ['no --base', [], /^pr:deploy: --base: required \(usage: npm run pr:deploy -- --base <git-ref> /],
  ['a misspelt flag', ['--bsae', 'HEAD'], /^pr:deploy: --bsae: unknown option \(usage: /],
  ['a kubeconfig that does not exist', ['--base', 'HEAD', '--kubeconfig', '/nonexistent/kubeconfig'], /^pr:deploy: --kubeconfig: \/nonexistent\/kubeconfig does not exist \(usage: /],
])('%s: one line, exit 2', (_case, args, line) => {
  expectOneLine(runEntry('pr-deploy/main.ts', args), line);
});
