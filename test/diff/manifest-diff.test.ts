import { Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { findEnvironment } from '../../charts/environments';
import { renderEnvironment } from '../render';
import { diffEnvironment, hasChanges } from '../../diff/manifest-diff';
import { MAX_REPORT_CHARS, renderReport } from '../../diff/markdown-report';

const local = findEnvironment('local');
const BASE = renderEnvironment(local);
const withApp = (app: object) => renderEnvironment({ ...local, app: { ...local.app, ...app } });
/** Edits the base manifests' objects, then re-serializes them like synth does. */
const editObjects = (edit: (objects: any[]) => any[]) =>
  Yaml.stringify(...edit(parseAllDocuments(BASE).map((d) => d.toJS())));

test('identical trees: no changes, and the report says so', () => {
  const diff = diffEnvironment('local', BASE, BASE);
  expect(hasChanges(diff)).toBe(false);
  expect(renderReport([diff], 'main')).toMatchSnapshot();
});

test('key order and keyed-list order are not changes', () => {
  const reordered = editObjects((objects) => objects.map((o) => {
    if (o.kind !== 'Deployment') {
      return Object.fromEntries(Object.entries(o).reverse());
    }
    const container = o.spec.template.spec.containers[0];
    container.env = [...container.env].reverse();
    return o;
  }));
  expect(reordered).not.toBe(BASE);
  expect(hasChanges(diffEnvironment('local', BASE, reordered))).toBe(false);
});

test('an autoscaler change', () => {
  const diff = diffEnvironment('local', BASE, withApp({ maxReplicas: 6 }));
  expect(diff.changed.map((c) => [c.name, c.fields, c.restartsPods])).toStrictEqual([
    ['HorizontalPodAutoscaler/hello-local/hello-app', [{ path: 'spec.maxReplicas', type: 'changed', before: 4, after: 6 }], false],
  ]);
  expect(renderReport([diff], 'main')).toMatchSnapshot();
});

test('an added ConfigMap key is called out as a rollout', () => {
  const diff = diffEnvironment('local', BASE, withApp({ env: { FEATURE_X: 'on' } }));
  expect(diff.changed.map((c) => c.name)).toStrictEqual(['ConfigMap/hello-local/hello-app-env', 'Deployment/hello-local/hello-app']);
  expect(diff.changed[0].fields).toStrictEqual([{ path: 'data.FEATURE_X', type: 'added', after: 'on' }]);
  expect(diff.changed[1].restartsPods).toBe(true);
  const report = renderReport([diff], 'main');
  expect(report).toContain('Restarts pods: the pod template changed (config checksum: a ConfigMap changed)');
  expect(report).toMatchSnapshot();
});

test('a removed object', () => {
  const diff = diffEnvironment('local', BASE, editObjects((objects) => objects.filter((o) => o.kind !== 'PodDisruptionBudget')));
  expect(diff.removed.map((o) => o.kind)).toStrictEqual(['PodDisruptionBudget']);
  expect(renderReport([diff], 'main')).toMatchSnapshot();
});

test('a renamed object is a replacement', () => {
  const renamed = editObjects((objects) => objects.map((o) => (o.kind === 'PodDisruptionBudget' ? { ...o, metadata: { ...o.metadata, name: 'hello-app-pdb' } } : o)));
  const diff = diffEnvironment('local', BASE, renamed);
  expect(diff.renamed).toStrictEqual([{ from: 'PodDisruptionBudget/hello-local/hello-app', to: 'PodDisruptionBudget/hello-local/hello-app-pdb' }]);
  expect(diff.added).toStrictEqual([]);
  expect(diff.removed).toStrictEqual([]);
  expect(renderReport([diff], 'main')).toMatchSnapshot();
});

test('an immutable field change is called out as a replacement', () => {
  const diff = diffEnvironment('local', BASE, withApp({ instance: 'hello-app-blue' }));
  const deployment = diff.changed.find((c) => c.name === 'Deployment/hello-local/hello-app');
  expect(deployment?.replacedBecause).toBe('spec.selector');
  expect(renderReport([diff], 'main')).toContain('Replaces the object: `spec.selector` is immutable');
});

test('a huge report is truncated below GitHub\'s comment limit and says what was left out', () => {
  const changed = withApp({ maxReplicas: 3, greeting: `Hello ${'x'.repeat(200)}` });
  const diffs = Array.from({ length: 80 }, (_, i) => diffEnvironment(`env-${i}`, BASE, changed));
  const report = renderReport(diffs, 'main');
  expect(report.length).toBeLessThanOrEqual(MAX_REPORT_CHARS);
  expect(report).toMatch(/Report truncated to stay under GitHub's comment limit: \d+ of \d+ sections left out/);
});
