import { Chart, Testing } from 'cdk8s';
import { CANARY_ANALYSIS_ANNOTATION, TRACK_LABEL } from '../charts/canary';
import { HelloApp, HelloAppProps } from '../charts/hello-app';

const IMAGE = 'ghcr.io/hello-k8s/hello-app:1.0.0';

function synth(props: Partial<HelloAppProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  new HelloApp(chart, 'hello-app', { image: IMAGE, ...props });
  return Testing.synth(chart);
}

describe('HelloApp on the canary track', () => {
  const objects = synth({ track: 'canary', maxReplicas: 4, canary: { replicas: 2, maxP99Seconds: 0.1 } });
  const deployment = objects.find((o) => o.kind === 'Deployment');

  test('only the Deployment and its two ConfigMaps, named -canary: the stable Service, budget and policy cover its pods', () => {
    expect(objects.map((o) => `${o.kind} ${o.metadata.name}`).sort()).toStrictEqual([
      'ConfigMap hello-app-canary-config', 'ConfigMap hello-app-canary-env', 'Deployment hello-app-canary',
    ]);
  });

  test('its pods carry the stable Service\'s selector plus the track label; its own selector adds the track', () => {
    const stableService = synth().find((o) => o.kind === 'Service');
    const labels = deployment.spec.template.metadata.labels;
    expect(labels).toMatchObject({ ...stableService.spec.selector, [TRACK_LABEL]: 'canary' });
    expect(deployment.spec.selector.matchLabels).toStrictEqual({ ...stableService.spec.selector, [TRACK_LABEL]: 'canary' });
  });

  test('a fixed replica count from canary.replicas (no autoscaler), its own ConfigMaps, the same container', () => {
    expect(deployment.spec.replicas).toBe(2);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.name).toBe('hello-app');
    expect(container.envFrom).toStrictEqual([{ configMapRef: { name: 'hello-app-canary-env' } }]);
  });

  test('the analysis thresholds are rendered for review, defaults filled in', () => {
    expect(JSON.parse(deployment.metadata.annotations[CANARY_ANALYSIS_ANNOTATION])).toStrictEqual({
      replicas: 2, analysisSeconds: 30, maxErrorRate: 0.01, maxP99Seconds: 0.1, minRequests: 20,
    });
  });

  test('the stable track renders no canary annotation and no track label', () => {
    const stable = synth({ canary: { replicas: 3 } }).find((o) => o.kind === 'Deployment');
    expect(stable.metadata.annotations?.[CANARY_ANALYSIS_ANNOTATION]).toBeUndefined();
    expect(stable.spec.template.metadata.labels[TRACK_LABEL]).toBeUndefined();
  });
});

describe('canary props validation', () => {
  const at = 'test/hello-app';
  test.each<[string, Partial<HelloAppProps>, string]>([
    ['replicas 0', { canary: { replicas: 0 } }, `${at}: 'canary.replicas' must be an integer from 1 to 100, got 0`],
    ['analysis too short', { canary: { analysisSeconds: 1 } }, `${at}: 'canary.analysisSeconds' must be an integer from 5 to 3600, got 1`],
    ['error rate above 1', { canary: { maxErrorRate: 5 } }, `${at}: 'canary.maxErrorRate' must be a number from 0 to 1, got 5`],
    ['p99 of 0', { canary: { maxP99Seconds: 0 } }, `${at}: 'canary.maxP99Seconds' must be a number from 0.001 to 60, got 0`],
    ['min requests 0', { canary: { minRequests: 0 } }, `${at}: 'canary.minRequests' must be an integer >= 1, got 0`],
    ['track', { track: 'blue' as any }, `${at}: 'track' must be stable or canary, got "blue"`],
  ])('%s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(new Error(message));
  });
});
