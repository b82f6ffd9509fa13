import { driftOf, isControllerEntry, ownersOf } from '../../drift/compare';

const PULUMI = 'pulumi-kubernetes-5b8c2f1e';
const labels = { 'app.kubernetes.io/name': 'hello-app', 'app.kubernetes.io/version': '1.0.0' };
const fLabels = { 'f:app.kubernetes.io/name': {}, 'f:app.kubernetes.io/version': {} };

/** A ConfigMap as dist/ declares it, and its live copy as Pulumi left it (plus what the server adds). */
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hello-app-env', namespace: 'hello-local', labels }, data: { GREETING: 'Hello, world!' } };
const liveConfigMap = (edit: (o: any) => void = () => undefined) => {
  const o: any = structuredClone(configMap);
  o.metadata = { ...o.metadata, uid: 'u1', resourceVersion: '7', creationTimestamp: '2026-12-01T00:00:00Z',
    labels: { ...labels, 'app.kubernetes.io/managed-by': 'pulumi' },
    managedFields: [{ manager: PULUMI, operation: 'Apply', fieldsV1: { 'f:data': { 'f:GREETING': {} }, 'f:metadata': { 'f:labels': { ...fLabels, 'f:app.kubernetes.io/managed-by': {} } } } }] };
  edit(o);
  return o;
};

/** A Deployment with one container and its environment. */
const container = { name: 'hello-app', image: 'hello-app:1.0.0', env: [{ name: 'PORT', value: '8080' }] };
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hello-app', namespace: 'hello-local', labels },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } } };
const fContainer = { 'k:{"name":"hello-app"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:env': { 'k:{"name":"PORT"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } };
const liveDeployment = (edit: (o: any) => void = () => undefined) => {
  const o: any = structuredClone(deployment);
  o.spec.replicas = 2;
  o.spec.template.spec.containers[0].terminationMessagePath = '/dev/termination-log'; // a default: nobody owns it
  o.status = { replicas: 2 };
  o.metadata.managedFields = [
    { manager: PULUMI, operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:labels': fLabels }, 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': fContainer } } } } },
    { manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } },
  ];
  edit(o);
  return o;
};
const envOf = (o: any) => o.spec.template.spec.containers[0].env;

test('a live object as Pulumi left it has no drift: server defaults, status and Pulumi\'s own extra fields are not drift', () => {
  expect(driftOf(configMap, liveConfigMap(), liveConfigMap())).toStrictEqual([]);
  expect(driftOf(deployment, liveDeployment(), liveDeployment())).toStrictEqual([]);
});

test.each([
  ['a ConfigMap value edited', configMap, liveConfigMap((o) => {
    o.data.GREETING = 'Hi';
    o.metadata.managedFields[0].fieldsV1['f:data'] = {};
    o.metadata.managedFields.push({ manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:data': { 'f:GREETING': {} } } });
  }), liveConfigMap(), { object: 'ConfigMap hello-local/hello-app-env', field: 'data.GREETING', live: '"Hi"', desired: '"Hello, world!"', managers: ['kubectl-edit'] }],
  ['a label changed', configMap, liveConfigMap((o) => {
    o.metadata.labels['app.kubernetes.io/version'] = '9.9.9';
    o.metadata.managedFields.push({ manager: 'kubectl-label', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/version': {} } } } });
  }), liveConfigMap(), { object: 'ConfigMap hello-local/hello-app-env', field: 'metadata.labels."app.kubernetes.io/version"', live: '"9.9.9"', desired: '"1.0.0"', managers: ['kubectl-label'] }],
  ['a label removed', configMap, liveConfigMap((o) => {
    delete o.metadata.labels['app.kubernetes.io/version'];
  }), liveConfigMap(), { object: 'ConfigMap hello-local/hello-app-env', field: 'metadata.labels."app.kubernetes.io/version"', live: '(absent)', desired: '"1.0.0"', managers: ['(none)'] }],
  ['a container\'s environment variable changed', deployment, liveDeployment((o) => {
    envOf(o)[0].value = '9090';
    o.metadata.managedFields.push({ manager: 'kubectl-set', operation: 'Update', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"hello-app"}': { 'f:env': { 'k:{"name":"PORT"}': { 'f:value': {} } } } } } } } } });
  }), liveDeployment(), { object: 'Deployment hello-local/hello-app', field: 'spec.template.spec.containers[hello-app].env[PORT].value', live: '"9090"', desired: '"8080"', managers: ['kubectl-set'] }],
  ['a container\'s environment variable added', deployment, liveDeployment((o) => {
    envOf(o).push({ name: 'LOG_LEVEL', value: 'error' });
    o.metadata.managedFields.push({ manager: 'kubectl-set', operation: 'Update', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"hello-app"}': { 'f:env': { 'k:{"name":"LOG_LEVEL"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } } } } } } });
  }), liveDeployment((o) => envOf(o).push({ name: 'LOG_LEVEL', value: 'error' })),
  { object: 'Deployment hello-local/hello-app', field: 'spec.template.spec.containers[hello-app].env[LOG_LEVEL]', live: '{"name":"LOG_LEVEL","value":"error"}', desired: '(absent: dist/ does not declare it)', managers: ['kubectl-set'] }],
])('%s is named with its field, values and manager', (_what, desired, live, applied, finding) => {
  expect(driftOf(desired, live, applied)).toStrictEqual([finding]);
});

test('the autoscaler\'s replicas (written through the scale subresource) are not drift, even where dist/ declares a count', () => {
  const declared: any = structuredClone(deployment);
  declared.spec.replicas = 2;
  const scaled = liveDeployment((o) => {
    o.spec.replicas = 4;
    o.metadata.managedFields.push({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
  });
  expect(driftOf(declared, scaled, liveDeployment())).toStrictEqual([]);
});

test('controller entries: subresources and kube-controller-manager', () => {
  expect(isControllerEntry({ manager: 'kube-controller-manager', operation: 'Update' })).toBe(true);
  expect(isControllerEntry({ manager: 'kubectl', operation: 'Update', subresource: 'scale' })).toBe(true);
  expect(isControllerEntry({ manager: 'kubectl-edit', operation: 'Update' })).toBe(false);
  expect(isControllerEntry({ manager: 'kubectl-edit', operation: 'Update', subresource: '' })).toBe(false);
});

test('owners are matched through list-map keys', () => {
  const live = liveDeployment();
  const path = [{ key: 'spec' }, { key: 'template' }, { key: 'spec' }, { key: 'containers' }, { item: { name: 'hello-app' }, label: 'hello-app' },
    { key: 'env' }, { item: { name: 'PORT', value: '8080' }, label: 'PORT' }, { key: 'value' }];
  expect(ownersOf(live.metadata.managedFields, path).map((e) => e.manager)).toStrictEqual([PULUMI]);
  expect(ownersOf(live.metadata.managedFields, path.slice(0, 6).concat([{ item: { name: 'OTHER' }, label: 'OTHER' }]))).toStrictEqual([]);
});
