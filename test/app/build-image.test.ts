import { spawnSync } from 'child_process';
import { join } from 'path';

test('npm run image with an unknown option: one line, exit 2, nothing built', () => {
  const result = spawnSync('bash', [join(__dirname, '..', '..', 'app', 'build-image.sh'), '--bogus'], { encoding: 'utf8' });
  expect({ status: result.status, stderr: result.stderr }).toStrictEqual({
    status: 2,
    stderr: 'build-image.sh: --bogus: unknown option (usage: npm run image [-- --pin|--check])\n',
  });
});
