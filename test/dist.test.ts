// The "rendered manifests" guard: dist/ must be exactly what the charts
// synthesize now, so what reviewers read is what gets applied. The entry that
// writes it, run for real: test/main.test.ts.
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS } from '../charts/environments';
import { INPUTS_FILE, synthInputFiles } from '../charts/synth-inputs';
import { renderCanary, renderEnvironment } from './render';
import { ROOT } from './scratch-project';

const DIST = join(ROOT, 'dist');

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
