import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LOCAL_CLUSTER_KUBECONFIG } from '../../deploy/config';
import { stackConfig, stackTarget } from '../../drift/stack';

const ROOT = join(__dirname, '..', '..');

test('a stack file\'s hello-k8s config reads like pulumi.Config', () => {
  const gke = stackConfig(ROOT, 'gke');
  expect(gke.get('environment')).toBe('production');
  expect(gke.getNumber('nodeCount')).toBe(2);
  expect(gke.get('kubeconfig')).toBeUndefined();
});

test('the local stack: its dist/ file and the local cluster\'s deploy kubeconfig; missing, the program\'s own error', () => {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'drift-stack-')), 'kubeconfig');
  writeFileSync(kubeconfig, '{}');
  const root = mkdtempSync(join(tmpdir(), 'drift-root-'));
  writeFileSync(join(root, 'Pulumi.dev.yaml'), `config:\n  hello-k8s:environment: local\n  hello-k8s:kubeconfig: ${kubeconfig}\n  hello-k8s:kubeContext: kind-kind\n`);
  // The environment is checked against the real dist/, as the program does.
  expect(() => stackTarget(root, 'dev')).not.toThrow();
  expect(stackTarget(root, 'dev')).toStrictEqual({ stack: 'dev', manifestFile: join(root, 'dist', 'local.k8s.yaml'), kubeconfig, context: 'kind-kind' });
  writeFileSync(join(root, 'Pulumi.dev.yaml'), 'config:\n  hello-k8s:environment: local\n  hello-k8s:kubeconfig: /nonexistent/kubeconfig\n');
  expect(() => stackTarget(root, 'dev')).toThrow('kubeconfig /nonexistent/kubeconfig does not exist: start the local cluster first');
  expect(LOCAL_CLUSTER_KUBECONFIG.endsWith('.cluster/pulumi.kubeconfig')).toBe(true);
});

test('bad input: an unknown stack, an unknown environment', () => {
  expect(() => stackTarget(ROOT, 'nope')).toThrow(`stack "nope": ${join(ROOT, 'Pulumi.nope.yaml')} does not exist`);
  const root = mkdtempSync(join(tmpdir(), 'drift-root-'));
  writeFileSync(join(root, 'Pulumi.dev.yaml'), 'config:\n  hello-k8s:environment: staging\n');
  expect(() => stackTarget(root, 'dev')).toThrow("config 'hello-k8s:environment' must be one of");
});
