import { join } from 'path';
import { UsageError } from '../../scripts/cli';
import { distAtRef } from '../../diff/dist-files';

test('a base that is not a commit: one line naming it', () => {
  expect(() => distAtRef(join(__dirname, '..', '..'), 'no-such-branch')).toThrow(
    new UsageError('--base no-such-branch: not a commit in this repository (try origin/main, a branch or a sha)'));
});
