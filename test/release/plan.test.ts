// What a release reads from the committed dist/: the canary it applies and the thresholds reviewers saw.
import { join } from 'path';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { readPlan } from '../../release/plan';

const DIST = join(__dirname, '..', '..', 'dist');

test('the local environment\'s plan, from dist/local.k8s.yaml and dist/local-canary.k8s.yaml', () => {
  expect(readPlan(join(DIST, 'local.k8s.yaml'), join(DIST, 'local-canary.k8s.yaml'))).toStrictEqual({
    namespace: 'hello-local',
    stable: 'hello-app',
    canary: 'hello-app-canary',
    selector: { 'app.kubernetes.io/instance': 'hello-app-local', 'app.kubernetes.io/name': 'hello-app' },
    canaryLabel: ['hello-k8s.io/track', 'canary'],
    metricsPort: 8080,
    settings: { replicas: 1, analysisSeconds: 15, maxErrorRate: 0.01, maxP99Seconds: 0.25, minRequests: 20 },
  });
});

test('a canary file without its thresholds says how to get them', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'hello-k8s-plan-')), 'local-canary.k8s.yaml');
  writeFileSync(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hello-app-canary\n  namespace: hello-local\n');
  expect(() => readPlan(join(DIST, 'local.k8s.yaml'), file))
    .toThrow(new Error('local-canary.k8s.yaml: the Deployment has no hello-k8s.io/canary-analysis annotation: run `npm run synth`'));
});
