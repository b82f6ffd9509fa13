// The throwaway stack drives the real CLI's commands; here a recording stand-in
// for `pulumi` shows which, and that the project folder is never written to.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ThrowawayStack } from '../../pr-deploy/stack';

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-stack-test-'));
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'Pulumi.yaml'), 'name: hello-k8s\nruntime: nodejs\n');
  const calls = join(dir, 'calls');
  const pulumi = join(dir, 'pulumi');
  // Like the CLI, `stack init` writes the stack's config file in its working folder.
  writeFileSync(pulumi, `#!/bin/sh
echo "$(basename "$PWD") $PULUMI_BACKEND_URL $*" >> '${calls}'
[ "$1 $2" = "stack init" ] && echo "encryptionsalt: x" > "Pulumi.$3.yaml"
[ "$1 $2" = "stack output" ] && echo "http://10.0.0.1/"
exit 0
`);
  chmodSync(pulumi, 0o755);
  const work = join(dir, 'work');
  mkdirSync(work);
  return { project, work, pulumi, calls: () => readFileSync(calls, 'utf8').trim().split('\n') };
}

test('init, config, up, output and destroy: its own state and config file; the project folder untouched', () => {
  const f = fixture();
  const stack = new ThrowawayStack({ workDir: f.work, projectDir: f.project, kubeconfig: '/k/config', context: 'kind-pr', pulumi: f.pulumi });
  stack.up(f.project);
  expect(stack.output(f.project, 'url')).toBe('http://10.0.0.1/');
  stack.destroy(f.project);
  const state = `file://${join(f.work, 'state')}`;
  const configFile = join(f.work, 'config', 'Pulumi.pr-deploy.yaml');
  const set = (key: string, value: string) => `config ${state} config set --stack pr-deploy --config-file ${configFile} ${key} ${value}`;
  expect(f.calls()).toStrictEqual([
    `config ${state} stack init pr-deploy --non-interactive`,
    set('hello-k8s:cluster', 'local'),
    set('hello-k8s:environment', 'local'),
    set('hello-k8s:kubeconfig', '/k/config'),
    set('hello-k8s:kubeContext', 'kind-pr'),
    `project ${state} up --stack pr-deploy --config-file ${configFile} --non-interactive --yes --skip-preview`,
    `project ${state} stack output url --stack pr-deploy`,
    `project ${state} destroy --stack pr-deploy --config-file ${configFile} --non-interactive --yes --skip-preview`,
    `project ${state} stack rm pr-deploy --yes --non-interactive`,
  ]);
  expect(readdirSync(f.project)).toStrictEqual(['Pulumi.yaml']);
});

test('a failing command is one error naming it', () => {
  const f = fixture();
  writeFileSync(f.pulumi, '#!/bin/sh\nexit 3\n');
  expect(() => new ThrowawayStack({ workDir: f.work, projectDir: f.project, kubeconfig: '/k/config', pulumi: f.pulumi }))
    .toThrow(new RegExp(`^\`${f.pulumi} stack init pr-deploy --non-interactive\` in ${join(f.work, 'config')} exited 3$`));
});

test('the release steps run on the throwaway stack: its state, its config file, its CLI', () => {
  const f = fixture();
  const stack = new ThrowawayStack({ workDir: f.work, projectDir: f.project, kubeconfig: '/k/config', pulumi: f.pulumi });
  const release = stack.releaseStack(f.project);
  expect(release).toStrictEqual(expect.objectContaining({ root: f.project, stack: 'pr-deploy', configFile: join(f.work, 'config', 'Pulumi.pr-deploy.yaml'), pulumi: f.pulumi }));
  expect(release.env?.PULUMI_BACKEND_URL).toBe(`file://${join(f.work, 'state')}`);
});
