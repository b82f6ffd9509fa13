import { Chart, Testing } from 'cdk8s';
import { HelloApp, HelloAppProps } from '../charts/hello-app';

const IMAGE = 'ghcr.io/hello-k8s/hello-app:1.0.0';
const at = 'test/hello-app';

function synth(props: Partial<HelloAppProps>) {
  const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  new HelloApp(chart, 'hello-app', { image: IMAGE, ...props });
  const objects: any[] = Testing.synth(chart);
  return {
    deployment: objects.find((o) => o.kind === 'Deployment'),
    hpa: objects.find((o) => o.kind === 'HorizontalPodAutoscaler'),
  };
}

describe('with maxReplicas', () => {
  const { deployment, hpa } = synth({ minReplicas: 2, maxReplicas: 4, targetCpuUtilization: 50, scaleDownStabilizationSeconds: 30 });

  test('the Deployment leaves spec.replicas to the autoscaler', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  test('an autoscaling/v2 autoscaler scales the Deployment on CPU utilization', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata.name).toBe('hello-app');
    expect(hpa.metadata.labels['app.kubernetes.io/instance']).toBe('hello-app');
    expect(hpa.spec.scaleTargetRef).toStrictEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-app' });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toStrictEqual([2, 4]);
    expect(hpa.spec.metrics).toStrictEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
  });

  test('scale-down waits the stabilization window, then follows the load (Kubernetes\' default policy)', () => {
    expect(hpa.spec.behavior.scaleDown).toStrictEqual({
      stabilizationWindowSeconds: 30,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    });
  });
});

test('defaults: min 2, 70% CPU, 300 s before scaling down', () => {
  const { hpa } = synth({ maxReplicas: 3 });
  expect([hpa.spec.minReplicas, hpa.spec.metrics[0].resource.target.averageUtilization]).toStrictEqual([2, 70]);
  expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
});

test('without maxReplicas there is no autoscaler and the replica count is fixed', () => {
  const { deployment, hpa } = synth({ replicas: 3 });
  expect(hpa).toBeUndefined();
  expect(deployment.spec.replicas).toBe(3);
});

test.each([
  ['min 0', { minReplicas: 0, maxReplicas: 3 }, `${at}: 'minReplicas' must be an integer >= 1, got 0`],
  ['max below min', { minReplicas: 3, maxReplicas: 2 }, `${at}: 'maxReplicas' must be >= 'minReplicas' (3), got 2`],
  ['max 1.5', { maxReplicas: 1.5 }, `${at}: 'maxReplicas' must be an integer >= 1, got 1.5`],
  ['target 0', { maxReplicas: 3, targetCpuUtilization: 0 }, `${at}: 'targetCpuUtilization' must be an integer from 1 to 100, got 0`],
  ['target 101', { maxReplicas: 3, targetCpuUtilization: 101 }, `${at}: 'targetCpuUtilization' must be an integer from 1 to 100, got 101`],
  ['window -1', { maxReplicas: 3, scaleDownStabilizationSeconds: -1 }, `${at}: 'scaleDownStabilizationSeconds' must be an integer from 0 to 3600, got -1`],
  ['replicas with max', { replicas: 2, maxReplicas: 3 }, `${at}: 'replicas' must be unset when 'maxReplicas' turns on the autoscaler (it owns the replica count), got 2`],
  ['min without max', { minReplicas: 2 }, `${at}: 'minReplicas' needs 'maxReplicas' (the autoscaler), got 2`],
])('%s fails with the prop and value', (_name, props, message) => {
  expect(() => synth(props)).toThrow(new Error(message));
});
