// The synth record: `npm run synth` does nothing when nothing it reads has
// changed and dist/ holds what it last wrote; the deploy guard trusts the same record.
import { execFileSync, spawnSync } from 'child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { distDigest, inputsDigest, recordSynth, SYNTH_INPUTS, synthIsCurrent } from '../charts/synth-record';
import { ROOT, scratchProject } from './scratch-project';

const scratch = () => mkdtempSync(join(tmpdir(), 'hello-k8s-record-'));

describe('digests', () => {
  function distWith(files: Record<string, string>): string {
    const dir = join(scratch(), 'dist');
    mkdirSync(dir);
    Object.entries(files).forEach(([name, text]) => writeFileSync(join(dir, name), text));
    return dir;
  }

  test('dist/: the same names and bytes give the same digest; any other byte, name or file changes it', () => {
    const digest = distDigest(distWith({ 'a.yaml': 'x: 1\n', 'b.yaml': 'y: 2\n' }));
    expect(distDigest(distWith({ 'b.yaml': 'y: 2\n', 'a.yaml': 'x: 1\n' }))).toBe(digest);
    expect(distDigest(distWith({ 'a.yaml': 'x: 2\n', 'b.yaml': 'y: 2\n' }))).not.toBe(digest);
    expect(distDigest(distWith({ 'c.yaml': 'x: 1\n', 'b.yaml': 'y: 2\n' }))).not.toBe(digest);
    expect(distDigest(distWith({ 'a.yaml': 'x: 1\n', 'b.yaml': 'y: 2\n', 'c.yaml': '' }))).not.toBe(digest);
  });

  test.each([
    ['a chart', 'charts/hello-app.ts'],
    ['an exemption', 'check/exemptions.yaml'],
    ['a tool version', 'tools/versions.env'],
    ['the lockfile', 'package-lock.json'],
  ])('the inputs digest changes with %s (%s)', (_what, file) => {
    const root = scratch();
    for (const input of SYNTH_INPUTS) {
      cpSync(join(ROOT, input), join(root, input), { recursive: true });
    }
    const before = inputsDigest(root);
    expect(inputsDigest(root)).toBe(before);
    appendFileSync(join(root, file), '\n');
    expect(inputsDigest(root)).not.toBe(before);
  });

  test('a record is current only for the dist/ it was written for, and a missing one never is', () => {
    const dir = distWith({ 'local.k8s.yaml': 'kind: List\n' });
    const record = join(scratch(), 'record.json');
    expect(synthIsCurrent(dir, record)).toBe(false);
    recordSynth(dir, record);
    expect(synthIsCurrent(dir, record)).toBe(true);
    appendFileSync(join(dir, 'local.k8s.yaml'), '# hand edit\n');
    expect(synthIsCurrent(dir, record)).toBe(false);
    expect(synthIsCurrent(join(dir, 'missing'), record)).toBe(false);
  });
});

describe('npm run synth and the deploy guard, in a scratch copy of the project', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchProject();
    expect(synth()).toStrictEqual({ status: 0, out: 'dist/ written and checked: local.k8s.yaml, production.k8s.yaml' });
  });
  function synth(...args: string[]): { status: number | null; out: string } {
    const result = spawnSync('node', ['scripts/synth.js', ...args], { cwd: dir, encoding: 'utf8' });
    return { status: result.status, out: (result.stdout + result.stderr).trim() };
  }
  const rendered = { status: 0, out: 'dist/ written and checked: local.k8s.yaml, production.k8s.yaml' };
  // Which modules the guard loads, and what it says, for the local environment and a dist/ folder.
  const guard = (distDir: string) => JSON.parse(execFileSync('node', ['-e', `
    const { findEnvironment } = require('./lib/charts/environments');
    let error = null;
    try { require('./lib/deploy/dist-guard').assertDistIsFresh(findEnvironment('local'), ${JSON.stringify(distDir)}); }
    catch (err) { error = err.message; }
    console.log(JSON.stringify({ cdk8s: Object.keys(require.cache).some((f) => f.includes('/node_modules/cdk8s')), error }));`,
  ], { cwd: dir, encoding: 'utf8' }));

  test('the guard trusts a current record without loading cdk8s, and renders to compare otherwise', () => {
    expect(guard(join(dir, 'dist'))).toStrictEqual({ cdk8s: false, error: null });
    const stale = join(scratch(), 'dist');
    cpSync(join(dir, 'dist'), stale, { recursive: true });
    const file = join(stale, 'local.k8s.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('maxReplicas: 4', 'maxReplicas: 5'));
    expect(guard(stale)).toStrictEqual({
      cdk8s: true,
      error: "dist/local.k8s.yaml is stale: it differs from what the charts synthesize for 'local'. Run `npm run synth`, review and commit dist/, then deploy again",
    });
  });

  test('has nothing to do until dist/ changes (inputs: see the digests above), or with --force', () => {
    const file = join(dir, 'dist', 'local.k8s.yaml');
    const written = readFileSync(file, 'utf8');
    expect(synth()).toStrictEqual({ status: 0, out: expect.stringMatching(/^dist\/ is up to date: /) });
    expect(synth('--force')).toStrictEqual(rendered);
    writeFileSync(file, `${written}# hand edit\n`);
    expect(synth()).toStrictEqual(rendered);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  test('a chart that does not parse fails in one line naming the file, line and column, dist/ untouched', () => {
    const chart = join(dir, 'charts', 'environments.ts');
    const before = readFileSync(join(dir, 'dist', 'local.k8s.yaml'), 'utf8');
    appendFileSync(chart, 'const broken: = 1;\n');
    const line = readFileSync(chart, 'utf8').split('\n').length - 1;
    expect(synth()).toStrictEqual({ status: 1, out: `synth failed, dist/ left unchanged: charts/environments.ts:${line}:15: Unexpected "="` });
    expect(readFileSync(join(dir, 'dist', 'local.k8s.yaml'), 'utf8')).toBe(before);
  });
});
