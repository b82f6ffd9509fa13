// The base ref of `npm run diff` and `npm run pr:deploy`, in a repository of
// the test's own (the tree under test need not be a git checkout).
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { UsageError } from '../../scripts/cli';
import { baseCommit, distAtRef } from '../../diff/dist-files';

const repo = mkdtempSync(join(tmpdir(), 'hello-k8s-diff-repo-'));
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' }).trim();
git('init', '--quiet');
mkdirSync(join(repo, 'dist'));
writeFileSync(join(repo, 'dist', 'local.k8s.yaml'), 'kind: ConfigMap\n');
git('add', '.');
git('commit', '--quiet', '-m', 'dist');

test('a base that is a commit: its sha, and its dist/', () => {
  expect(baseCommit(repo, 'HEAD')).toBe(git('rev-parse', 'HEAD'));
  expect([...distAtRef(repo, 'HEAD')]).toStrictEqual([['local', 'kind: ConfigMap\n']]);
});

test('a base that is not a commit: one line naming it', () => {
  expect(() => distAtRef(repo, 'no-such-branch')).toThrow(
    new UsageError('--base no-such-branch: not a commit in this repository (try origin/main, a branch or a sha)'));
});

test('git failing for another reason is its own line, not "not a commit"', () => {
  expect(() => baseCommit(mkdtempSync(join(tmpdir(), 'hello-k8s-not-a-repo-')), 'HEAD')).toThrow(/^git rev-parse HEAD: fatal: not a git repository/);
});
