import { join } from 'path';
import { UsageError } from '../../scripts/cli';
import { baseCommit, distAtRef } from '../../diff/dist-files';

test('a base that is not a commit: one line naming it', () => {
  expect(() => distAtRef(join(__dirname, '..', '..'), 'no-such-branch')).toThrow(
    new UsageError('--base no-such-branch: not a commit in this repository (try origin/main, a branch or a sha)'));
});

test('a base that is a commit: its sha', () => {
  expect(baseCommit(join(__dirname, '..', '..'), 'HEAD')).toMatch(/^[0-9a-f]{40}$/);
});

test('git failing for another reason is its own line, not "not a commit"', () => {
  expect(() => baseCommit('/', 'HEAD')).toThrow(/^git rev-parse HEAD: fatal: not a git repository/);
});
