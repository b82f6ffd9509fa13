// `npm run check`'s bad inputs: each one line naming the file or the field.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { checkCommand } from '../../check/command';
import { run } from '../run-main';

const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-bad-input-'));
const file = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };
const broken = file('broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n');
const noApiVersion = file('noapi.yaml', 'kind: ConfigMap\nmetadata:\n  name: settings\n  namespace: demo\ndata:\n  a: b\n');
const scalar = file('scalar.yaml', 'just text\n');

/** The command's stdout lines, stderr lines and exit code. */
async function check(...args: string[]) {
  const stdout: string[] = [];
  const { stderr, exitCode } = await run('check', () => checkCommand(args, (line) => stdout.push(line.replace(`${relative(process.cwd(), dir)}/`, ''))));
  return { stdout, stderr, exitCode };
}

test.each([
  [['/no/such.yaml'], 'check: /no/such.yaml: no such file'],
  [[dir], `check: ${dir}: not a file (name the manifest files to check)`],
  [['--strict'], 'check: --strict: unknown option (usage: npm run check [-- FILE...])'],
])('%j: exit 2, one line', async (args, line) => {
  expect(await check(...args)).toStrictEqual({ stdout: [], stderr: [line], exitCode: 2 });
});

test.each([
  ['a YAML syntax error', broken, [expect.stringMatching(/^broken\.yaml: \(document\): \(object\): .+ \[yaml\]$/)]],
  ['no apiVersion', noApiVersion, ['noapi.yaml: ConfigMap/demo/settings: apiVersion: required field is missing [schema]']],
  ['not an object', scalar, ['scalar.yaml: (document): (object): not a Kubernetes object: a string, not a mapping with apiVersion and kind [schema]']],
])('%s: a finding, one line, exit 1', async (_case, path, findings) => {
  const { stdout, stderr, exitCode } = await check(path);
  expect({ findings: stdout.slice(0, -1), stderr, exitCode }).toStrictEqual({ findings, stderr: [], exitCode: 1 });
});
