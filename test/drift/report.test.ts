import { renderReport } from '../../drift/report';

test('no drift is one line naming the file, the stack and the object count', () => {
  expect(renderReport([], 'dist/local.k8s.yaml', 'local', 8)).toBe('no drift: the 8 objects of dist/local.k8s.yaml (stack local) match the cluster\n');
});

test('drift is grouped by object, one line per field with live, desired and the managers', () => {
  const report = renderReport([
    { object: 'ConfigMap hello-local/hello-app-env', field: 'data.GREETING', live: '"Hi"', desired: '"Hello, world!"', managers: ['kubectl-edit'] },
    { object: 'Deployment hello-local/hello-app', field: 'metadata.labels.team', live: '"x"', desired: '(absent: dist/ does not declare it)', managers: ['kubectl-label'] },
    { object: 'ConfigMap hello-local/hello-app-env', field: 'data.LOG_LEVEL', live: '(absent)', desired: '"debug"', managers: ['(none)'] },
  ], 'dist/local.k8s.yaml', 'local', 8);
  expect(report).toBe([
    'drift: 3 fields in 2 objects differ from dist/local.k8s.yaml (stack local)',
    'ConfigMap hello-local/hello-app-env',
    '  data.GREETING: live "Hi", desired "Hello, world!" (kubectl-edit)',
    '  data.LOG_LEVEL: live (absent), desired "debug" ((none))',
    'Deployment hello-local/hello-app',
    '  metadata.labels.team: live "x", desired (absent: dist/ does not declare it) (kubectl-label)',
    '`pulumi up --refresh` puts back declared fields; a field dist/ does not declare may stay: remove it with kubectl, or declare it in the chart.',
    '',
  ].join('\n'));
});
