import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CONFIG_CHECKSUM_ANNOTATION, HelloApp, HelloAppProps } from '../charts/hello-app';

const IMAGE = 'ghcr.io/hello-k8s/hello-app:1.0.0';

/** Synthesizes one HelloApp in a fresh chart and returns its objects by kind. */
function synth(props: Partial<HelloAppProps> = {}) {
  const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  new HelloApp(chart, 'hello-app', { image: IMAGE, ...props });
  const objects: any[] = Testing.synth(chart);
  const one = (kind: string, name?: string) => {
    const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
    expect(found).toHaveLength(1);
    return found[0];
  };
  return {
    objects,
    deployment: one('Deployment'),
    service: one('Service'),
    pdb: one('PodDisruptionBudget'),
    envConfigMap: one('ConfigMap', `${props.name ?? 'hello-app'}-env`),
    fileConfigMap: one('ConfigMap', `${props.name ?? 'hello-app'}-config`),
  };
}

describe('HelloApp defaults', () => {
  const { objects, deployment, service, pdb, envConfigMap, fileConfigMap } = synth();
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('declares exactly a Deployment, a Service, a PDB, a NetworkPolicy and two ConfigMaps', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toStrictEqual([
      'ConfigMap/hello-app-config',
      'ConfigMap/hello-app-env',
      'Deployment/hello-app',
      'NetworkPolicy/hello-app',
      'PodDisruptionBudget/hello-app',
      'Service/hello-app',
    ]);
  });

  test('the NetworkPolicy admits only the app port and no egress', () => {
    const policy = objects.find((o) => o.kind === 'NetworkPolicy');
    expect(policy.spec).toStrictEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'hello-app', 'app.kubernetes.io/instance': 'hello-app' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }],
      egress: [],
    });
  });

  test('carries the recommended labels on every object and pod', () => {
    const labels = {
      'app.kubernetes.io/name': 'hello-app',
      'app.kubernetes.io/instance': 'hello-app',
      'app.kubernetes.io/version': '1.0.0',
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': 'hello-k8s',
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    for (const o of objects) {
      expect(o.metadata.labels).toStrictEqual(labels);
    }
    // Plus cdk8s-plus's own pod label, which its spread (the anti-affinity) selects on.
    expect(deployment.spec.template.metadata.labels).toStrictEqual({ ...labels, 'cdk8s.io/metadata.addr': 'test-hello-app-deployment-c89f0165' });
  });

  test('selects pods by name and instance only, and the Service and PDB select the same pods', () => {
    const selector = { 'app.kubernetes.io/name': 'hello-app', 'app.kubernetes.io/instance': 'hello-app' };
    expect(deployment.spec.selector).toStrictEqual({ matchLabels: selector });
    expect(service.spec.selector).toStrictEqual(selector);
    expect(pdb.spec.selector).toStrictEqual({ matchLabels: selector });
    const podLabels = deployment.spec.template.metadata.labels;
    for (const [key, value] of Object.entries(selector)) {
      expect(podLabels[key]).toBe(value);
    }
  });

  test('exposes port 80 on a LoadBalancer, targeting the container port', () => {
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports).toStrictEqual([{ name: 'http', port: 80, targetPort: 8080 }]);
    expect(container.ports).toStrictEqual([{ containerPort: 8080, name: 'http' }]);
  });

  test('tells Pulumi the Service is ready once it has its address (no fixed endpoint settle)', () => {
    expect(service.metadata.annotations).toStrictEqual({ 'pulumi.com/waitFor': 'jsonpath={.status.loadBalancer.ingress}' });
  });

  test('probes the app\'s real endpoints on the container port', () => {
    expect(container.readinessProbe.httpGet).toStrictEqual({ path: '/readyz', port: 8080, scheme: 'HTTP' });
    expect(container.livenessProbe.httpGet).toStrictEqual({ path: '/healthz', port: 8080, scheme: 'HTTP' });
    expect(container.startupProbe.httpGet).toStrictEqual({ path: '/healthz', port: 8080, scheme: 'HTTP' });
    expect(container.env).toContainEqual({ name: 'PORT', value: '8080' });
  });

  test('runs as the image\'s non-root user with a locked-down container', () => {
    expect(pod.securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true });
    expect(container.securityContext).toStrictEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65532,
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('uses deliberate resources, pull policy and rollout settings', () => {
    expect(container.resources).toStrictEqual({
      limits: { cpu: '250m', memory: '64Mi', 'ephemeral-storage': '64Mi' },
      requests: { cpu: '50m', memory: '32Mi', 'ephemeral-storage': '16Mi' },
    });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toStrictEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(pdb.spec.maxUnavailable).toBe(1);
  });

  test('prefers a replica per node and per zone, and leaves a lost node after 30 s instead of 300', () => {
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.map((t: any) => `${t.podAffinityTerm.topologyKey} ${t.weight}`))
      .toStrictEqual(['kubernetes.io/hostname 100', 'topology.kubernetes.io/zone 100']);
    expect(pod.tolerations).toStrictEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
  });

  test('feeds both ConfigMaps to the app', () => {
    expect(envConfigMap.data).toStrictEqual({ GREETING: 'Hello, world!', LOG_LEVEL: 'info' });
    expect(container.envFrom).toStrictEqual([{ configMapRef: { name: 'hello-app-env' } }]);
    expect(JSON.parse(fileConfigMap.data['config.json'])).toStrictEqual({ drainDelay: '5s', shutdownTimeout: '20s' });
    expect(container.env).toContainEqual({ name: 'CONFIG_FILE', value: '/etc/hello-app/config.json' });
    expect(container.volumeMounts).toStrictEqual([{ mountPath: '/etc/hello-app', name: 'config', readOnly: true }]);
    expect(pod.volumes).toStrictEqual([{ name: 'config', configMap: { name: 'hello-app-config' } }]);
  });

  test('shutdown timing fits inside the grace period', () => {
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    const { drainDelay, shutdownTimeout } = JSON.parse(fileConfigMap.data['config.json']);
    expect(parseInt(drainDelay, 10) + parseInt(shutdownTimeout, 10)).toBeLessThan(30);
  });
});

describe('HelloApp props', () => {
  test('service type, ports, replicas and names are configurable', () => {
    const { deployment, service } = synth({
      name: 'greeter', serviceType: kplus.ServiceType.CLUSTER_IP, servicePort: 8000, containerPort: 9000, replicas: 5,
    });
    expect(deployment.metadata.name).toBe('greeter');
    expect(deployment.spec.replicas).toBe(5);
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.metadata.annotations).toStrictEqual({ 'pulumi.com/waitFor': 'jsonpath={.spec.clusterIP}' });
    expect(service.spec.ports).toStrictEqual([{ name: 'http', port: 8000, targetPort: 9000 }]);
    expect(deployment.spec.template.spec.containers[0].readinessProbe.httpGet.port).toBe(9000);
  });

  test('nodeLossSeconds sets how long pods stay on a lost node', () => {
    const { deployment } = synth({ nodeLossSeconds: 10 });
    expect(deployment.spec.template.spec.tolerations.map((t: any) => t.tolerationSeconds)).toStrictEqual([10, 10]);
  });

  test('a digest-pinned image needs an explicit version', () => {
    const digest = `ghcr.io/hello-k8s/hello-app@sha256:${'a'.repeat(64)}`;
    const { deployment } = synth({ image: digest, version: '1.0.1' });
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe('1.0.1');
    expect(deployment.spec.template.spec.containers[0].image).toBe(digest);
  });
});

describe('config checksum', () => {
  const checksum = (props: Partial<HelloAppProps>) =>
    synth(props).deployment.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];

  test('is a SHA-256 and stable across synths', () => {
    expect(checksum({})).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum({})).toBe(checksum({}));
  });

  test.each<[string, Partial<HelloAppProps>]>([
    ['greeting', { greeting: 'Hi!' }],
    ['log level', { logLevel: 'debug' }],
    ['extra env', { env: { FEATURE_X: 'on' } }],
    ['grace period (config file)', { terminationGraceSeconds: 60 }],
  ])('changes when the %s changes, so the Deployment rolls out', (_name, props) => {
    expect(checksum(props)).not.toBe(checksum({}));
  });

  test('does not change for settings outside the ConfigMaps', () => {
    expect(checksum({ replicas: 7 })).toBe(checksum({}));
  });
});

describe('HelloApp validation', () => {
  const at = 'test/hello-app';
  test.each<[string, Partial<HelloAppProps>, string]>([
    ['replicas 0', { replicas: 0 }, `${at}: 'replicas' must be an integer >= 1, got 0`],
    ['replicas -1', { replicas: -1 }, `${at}: 'replicas' must be an integer >= 1, got -1`],
    ['replicas 1.5', { replicas: 1.5 }, `${at}: 'replicas' must be an integer >= 1, got 1.5`],
    ['containerPort 0', { containerPort: 0 }, `${at}: 'containerPort' must be an integer from 1 to 65535, got 0`],
    ['servicePort 70000', { servicePort: 70000 }, `${at}: 'servicePort' must be an integer from 1 to 65535, got 70000`],
    ['image :latest', { image: 'ghcr.io/hello-k8s/hello-app:latest' }, `${at}: 'image' must not use the mutable tag 'latest', got "ghcr.io/hello-k8s/hello-app:latest"`],
    ['image untagged', { image: 'ghcr.io/hello-k8s/hello-app' }, `${at}: 'image' must be pinned by tag or digest, got "ghcr.io/hello-k8s/hello-app"`],
    ['image empty tag', { image: 'ghcr.io/hello-k8s/hello-app:' }, `${at}: 'image' must be a valid image reference (invalid reference format), got "ghcr.io/hello-k8s/hello-app:"`],
    ['image uppercase', { image: 'Hello-App:1.0' }, `${at}: 'image' must be a valid image reference (repository name must be lowercase), got "Hello-App:1.0"`],
    ['image short digest', { image: `ghcr.io/x/app:1@sha256:${'a'.repeat(63)}` }, `${at}: 'image' must be a valid image reference (invalid sha256 digest: want 64 lowercase hex characters), got "ghcr.io/x/app:1@sha256:${'a'.repeat(63)}"`],
    ['digest without version', { image: `hello-app@sha256:${'b'.repeat(64)}` }, `${at}: 'version' is required when 'image' is pinned by digest only, got "hello-app@sha256:${'b'.repeat(64)}"`],
    ['name', { name: 'Hello_App' }, `${at}: 'name' must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got "Hello_App"`],
    ['instance', { instance: '-x' }, `${at}: 'instance' must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got "-x"`],
    ['version', { version: 'v1 beta' }, `${at}: 'version' must be a valid label value (at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends), got "v1 beta"`],
    ['greeting blank', { greeting: ' ' }, `${at}: 'greeting' must not be blank, got " "`],
    ['greeting multi-line', { greeting: 'a\nb' }, `${at}: 'greeting' must be a single line, got "a\\nb"`],
    ['greeting too long', { greeting: 'x'.repeat(257) }, `${at}: 'greeting' must be at most 256 bytes, got "${'x'.repeat(257)}"`],
    ['log level', { logLevel: 'loud' as any }, `${at}: 'logLevel' must be one of debug, info, warn, error, got "loud"`],
    ['env name', { env: { 'FEATURE-X': 'on' } }, `${at}: 'env' must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*), got "FEATURE-X"`],
    ['env reserved', { env: { PORT: '1' } }, `${at}: 'env' must not set CONFIG_FILE, GREETING, LOG_LEVEL, PORT (use the dedicated props), got "PORT"`],
    ['cpu quantity', { cpuRequest: '100 m' }, `${at}: 'cpuRequest' must be a CPU quantity such as 250m or 1, got "100 m"`],
    ['memory quantity', { memoryLimit: '64MB' }, `${at}: 'memoryLimit' must be a memory quantity such as 64Mi, 512Ki or 1Gi, got "64MB"`],
    ['cpu request above limit', { cpuRequest: '1', cpuLimit: '500m' }, `${at}: 'cpuRequest' must not exceed 'cpuLimit' (500m), got "1"`],
    ['memory request above limit', { memoryRequest: '1Gi' }, `${at}: 'memoryRequest' must not exceed 'memoryLimit' (64Mi), got "1Gi"`],
    ['grace period', { terminationGraceSeconds: 5 }, `${at}: 'terminationGraceSeconds' must be an integer from 15 to 3600, got 5`],
    ['node loss', { nodeLossSeconds: -1 }, `${at}: 'nodeLossSeconds' must be an integer from 0 to 3600, got -1`],
  ])('%s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(new Error(message));
  });
});
