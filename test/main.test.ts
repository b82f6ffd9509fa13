// main.ts, what `npm run synth` and `cdk8s synth` run, for real in a scratch
// copy of the project.
import { execFile } from 'child_process';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';
import { ROOT, scratchProject, SYNTH } from './scratch-project';

const DIST = join(ROOT, 'dist');
const DEPLOYMENT_LINE = readFileSync(join(ROOT, 'charts', 'hello-app.ts'), 'utf8').split('\n')
  .findIndex((l) => l.includes("new kplus.Deployment(this, 'deployment'")) + 1;
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

/** Runs synth in `dir`: its exit status and stderr. */
async function synth(dir: string): Promise<{ status: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(SYNTH[0], [...SYNTH[1]], { cwd: dir, encoding: 'utf8' });
    return { status: 0, stderr };
  } catch (err: any) {
    return { status: err.code, stderr: err.stderr };
  }
}

// The committed dist/ is an earlier run's output (often another machine's), so
// matching it byte for byte is the across-runs determinism check.
test('is byte-identical to an earlier run: the committed dist/', async () => {
  const dir = scratchProject();
  expect(await synth(dir)).toStrictEqual({ status: 0, stderr: '' });
  expect(snapshot(join(dir, 'dist'))).toStrictEqual(snapshot(DIST));
});

test('a bad prop (max below min replicas) fails with its name and value and leaves dist/ untouched', async () => {
  const dir = scratchProject();
  const environments = join(dir, 'charts', 'environments.ts');
  writeFileSync(environments, readFileSync(environments, 'utf8').replace('maxReplicas: 10', 'maxReplicas: 2'));
  const listing = readdirSync(dir).sort();
  expect(await synth(dir)).toStrictEqual({
    status: 1, stderr: "synth failed, dist/ left unchanged: production/hello-app: 'maxReplicas' must be >= 'minReplicas' (3), got 2\n",
  });
  expect(snapshot(join(dir, 'dist'))).toStrictEqual(snapshot(DIST));
  expect(readdirSync(dir).sort()).toStrictEqual(listing); // no staging folder left behind
});

test('a syntax error in a chart is one line naming the file, line and column, and leaves dist/ untouched', async () => {
  const dir = scratchProject();
  const environments = join(dir, 'charts', 'environments.ts');
  const lines = readFileSync(environments, 'utf8').split('\n');
  writeFileSync(environments, [...lines.slice(0, 2), 'export const broken = ;', ...lines.slice(2)].join('\n'));
  expect(await synth(dir)).toStrictEqual({
    status: 1, stderr: 'synth failed, dist/ left unchanged: charts/environments.ts:3:22: Unexpected ";"\n',
  });
  expect(snapshot(join(dir, 'dist'))).toStrictEqual(snapshot(DIST));
});

test('refuses output that fails `npm run check`, naming each finding\'s construct and chart line, and leaves dist/ untouched', async () => {
  const dir = scratchProject();
  // Without its exemption, kube-score's image-pull-policy finding is a problem.
  writeFileSync(join(dir, 'check', 'exemptions.yaml'), 'exemptions: []\n');
  const { status, stderr } = await synth(dir);
  expect(status).toBe(1);
  const lines = stderr.split('\n');
  expect(lines[0]).toBe('synth failed, dist/ left unchanged: the new manifests fail `npm run check` (6 problems):');
  // The canaries' findings are there too (and their replica count's); the stable Deployments' are:
  expect(lines).toEqual(expect.arrayContaining([
    `local.k8s.yaml: Deployment/hello-local/hello-app: hello-app: ImagePullPolicy is not set to Always: It's recommended to always set the ImagePullPolicy to Always, to make sure that the imagePullSecrets are always correct, and to always get the image you want. [kube-score/container-image-pull-policy] (from charts/hello-app.ts:${DEPLOYMENT_LINE}, construct local/hello-app/deployment)`,
    `production.k8s.yaml: Deployment/hello-production/hello-app: hello-app: ImagePullPolicy is not set to Always: It's recommended to always set the ImagePullPolicy to Always, to make sure that the imagePullSecrets are always correct, and to always get the image you want. [kube-score/container-image-pull-policy] (from charts/hello-app.ts:${DEPLOYMENT_LINE}, construct production/hello-app/deployment)`,
  ]));
  expect(snapshot(join(dir, 'dist'))).toStrictEqual(snapshot(DIST));
});
