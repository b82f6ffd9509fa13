// The "rendered manifests" guard: dist/ must be exactly what the charts
// synthesize now, so what reviewers read is what gets applied.
import { execFileSync, spawnSync } from 'child_process';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS } from '../charts/environments';
import { INPUTS_FILE, synthInputFiles } from '../charts/synth-inputs';
import { renderCanary, renderEnvironment } from './render';
import { ROOT, scratchProject, SYNTH } from './scratch-project';

const DIST = join(ROOT, 'dist');

const DEPLOYMENT_LINE = readFileSync(join(ROOT, 'charts', 'hello-app.ts'), 'utf8').split('\n')
  .findIndex((l) => l.includes("new kplus.Deployment(this, 'deployment'")) + 1;

/** Each environment's files: its manifests and its canary's. */
const MANIFESTS = ENVIRONMENTS.flatMap((e) => [`${e.name}.k8s.yaml`, `${e.name}-canary.k8s.yaml`]).sort();

test('dist/ holds one file per environment, one per environment\'s canary and the inputs digest, nothing else', () => {
  expect(readdirSync(DIST).sort()).toStrictEqual([...MANIFESTS, INPUTS_FILE].sort());
});

test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('dist/ for %s and its canary is what the charts synthesize (run `npm run synth`)', (_name, environment) => {
  expect(readFileSync(join(DIST, `${environment.name}.k8s.yaml`), 'utf8')).toBe(renderEnvironment(environment));
  expect(readFileSync(join(DIST, `${environment.name}-canary.k8s.yaml`), 'utf8')).toBe(renderCanary(environment));
});

test('dist/SHA256SUMS lists every synth input and every manifest, as sha256sum -c reads it', () => {
  const listed = readFileSync(join(DIST, INPUTS_FILE), 'utf8').trimEnd().split('\n').map((line) => line.split('  ')[1]);
  expect(listed).toStrictEqual([...synthInputFiles(), ...MANIFESTS.map((f) => `dist/${f}`)]);
  execFileSync('sha256sum', ['--check', '--quiet', join('dist', INPUTS_FILE)], { cwd: ROOT });
});

describe('npm run synth (the entry, run for real)', () => {
  const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

  // The committed dist/ is an earlier run's output (often another machine's), so
  // matching it byte for byte is the across-runs determinism check.
  test('is byte-identical to an earlier run: the committed dist/', () => {
    const dir = scratchProject();
    execFileSync(...SYNTH, { cwd: dir });
    expect(snapshot(join(dir, 'dist'))).toStrictEqual(snapshot(DIST));
  });

  test('a bad prop (max below min replicas) fails with its name and value and leaves dist/ untouched', () => {
    const dir = scratchProject();
    const environments = join(dir, 'charts', 'environments.ts');
    writeFileSync(environments, readFileSync(environments, 'utf8').replace('maxReplicas: 10', 'maxReplicas: 2'));
    const listing = readdirSync(dir).sort();
    let stderr = '';
    try {
      execFileSync(...SYNTH, { cwd: dir, stdio: 'pipe' });
    } catch (err: any) {
      stderr = err.stderr.toString();
      expect(err.status).toBe(1);
    }
    expect(stderr).toBe("synth failed, dist/ left unchanged: production/hello-app: 'maxReplicas' must be >= 'minReplicas' (3), got 2\n");
    expect(snapshot(join(dir, 'dist'))).toStrictEqual(snapshot(DIST));
    expect(readdirSync(dir).sort()).toStrictEqual(listing); // no staging folder left behind
  });

  test('a syntax error in a chart is one line naming the file, line and column, and leaves dist/ untouched', () => {
    const dir = scratchProject();
    const environments = join(dir, 'charts', 'environments.ts');
    const lines = readFileSync(environments, 'utf8').split('\n');
    writeFileSync(environments, [...lines.slice(0, 2), 'export const broken = ;', ...lines.slice(2)].join('\n'));
    const result = spawnSync(...SYNTH, { cwd: dir, encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr }).toStrictEqual({
      status: 1, stderr: 'synth failed, dist/ left unchanged: charts/environments.ts:3:22: Unexpected ";"\n',
    });
    expect(snapshot(join(dir, 'dist'))).toStrictEqual(snapshot(DIST));
  });
});

test('npm run synth refuses output that fails `npm run check`, leaving dist/ untouched', () => {
  const dir = scratchProject();
  // Without its exemption, kube-score's image-pull-policy finding is a problem.
  writeFileSync(join(dir, 'check', 'exemptions.yaml'), 'exemptions: []\n');
  let stderr = '';
  try {
    execFileSync(...SYNTH, { cwd: dir, stdio: 'pipe' });
  } catch (err: any) {
    stderr = err.stderr.toString();
  }
  const lines = stderr.split('\n');
  expect(lines[0]).toBe('synth failed, dist/ left unchanged: the new manifests fail `npm run check` (6 problems):');
  // The canaries' findings are there too (and their replica count's); the stable Deployments' are:
  expect(lines).toEqual(expect.arrayContaining([
    `local.k8s.yaml: Deployment/hello-local/hello-app: hello-app: ImagePullPolicy is not set to Always: It's recommended to always set the ImagePullPolicy to Always, to make sure that the imagePullSecrets are always correct, and to always get the image you want. [kube-score/container-image-pull-policy] (from charts/hello-app.ts:${DEPLOYMENT_LINE}, construct local/hello-app/deployment)`,
    `production.k8s.yaml: Deployment/hello-production/hello-app: hello-app: ImagePullPolicy is not set to Always: It's recommended to always set the ImagePullPolicy to Always, to make sure that the imagePullSecrets are always correct, and to always get the image you want. [kube-score/container-image-pull-policy] (from charts/hello-app.ts:${DEPLOYMENT_LINE}, construct production/hello-app/deployment)`,
  ]));
  expect(readdirSync(join(dir, 'dist')).sort()).toStrictEqual(readdirSync(DIST).sort());
  for (const f of readdirSync(DIST)) {
    expect(readFileSync(join(dir, 'dist', f), 'utf8')).toBe(readFileSync(join(DIST, f), 'utf8'));
  }
});
