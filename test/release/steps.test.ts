// Each step is one `pulumi` command; a recording stand-in for the CLI shows
// which, with which config file, and what the canary's copy of it says.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { canaryUp, promote, ReleaseStack, rollBack } from '../../release/steps';

function fixture(configFile?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-steps-test-'));
  writeFileSync(join(dir, 'Pulumi.local.yaml'), 'config:\n  hello-k8s:environment: local\n');
  const calls = join(dir, 'calls');
  const pulumi = join(dir, 'pulumi');
  // Records its arguments, and the config file it was given, as the canary step sees it.
  writeFileSync(pulumi, `#!/bin/sh
echo "$MARK $*" >> '${calls}'
while [ $# -gt 0 ]; do [ "$1" = --config-file ] && cat "$2" >> '${calls}'; shift; done
exit 0
`);
  chmodSync(pulumi, 0o755);
  const stack: ReleaseStack = { root: dir, stack: 'local', pulumi, env: { ...process.env, MARK: 'env' }, configFile };
  return { dir, stack, calls: () => readFileSync(calls, 'utf8').trim().split('\n') };
}

const flags = '--non-interactive --yes --skip-preview';

test('canary, promote, roll back: the stack\'s own config file, a copy with releaseStep for the canary', () => {
  const f = fixture();
  canaryUp(f.stack);
  promote(f.stack);
  rollBack(f.stack);
  const own = join(f.dir, 'Pulumi.local.yaml');
  const calls = f.calls();
  const copy = `${tmpdir()}/hello-k8s-release-`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(calls[0]).toMatch(new RegExp(`^env up --target \\*\\*hello-app-canary\\*\\* --stack local --config-file ${copy}\\w+/Pulumi\\.local\\.yaml ${flags}$`));
  expect(calls.slice(1)).toStrictEqual([
    'config:', '  hello-k8s:environment: local', '  hello-k8s:releaseStep: canary',
    `env up --stack local --config-file ${own} ${flags}`, 'config:', '  hello-k8s:environment: local',
    `env destroy --target **hello-app-canary** --stack local --config-file ${own} ${flags}`, 'config:', '  hello-k8s:environment: local',
  ]);
  expect(readdirSync(f.dir).sort()).toStrictEqual(['Pulumi.local.yaml', 'calls', 'pulumi']);
});

test('a stack whose config file lives elsewhere (the pull-request deploy\'s) is read from there', () => {
  const elsewhere = join(mkdtempSync(join(tmpdir(), 'hello-k8s-steps-config-')), 'Pulumi.local.yaml');
  writeFileSync(elsewhere, 'config:\n  hello-k8s:kubeconfig: /k/config\n');
  const f = fixture(elsewhere);
  promote(f.stack);
  expect(f.calls()).toStrictEqual([`env up --stack local --config-file ${elsewhere} ${flags}`, 'config:', '  hello-k8s:kubeconfig: /k/config']);
});
