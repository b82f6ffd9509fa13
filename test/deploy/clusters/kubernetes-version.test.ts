import { readFileSync } from 'fs';
import { join } from 'path';
import { clusterRelease, kubernetesReleases } from '../../../check/tools';
import { KUBERNETES_MINOR } from '../../../deploy/clusters/kubernetes-version';

test('the check validates against the release the clusters run', () => {
  expect(clusterRelease().minor).toBe(KUBERNETES_MINOR);
});

test('and against the API level the constructs are written for (cdk8s-plus-<minor>)', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
  const plus = Object.keys(pkg.dependencies).map((d) => /^cdk8s-plus-(\d+)$/.exec(d)).find(Boolean)!;
  expect(kubernetesReleases().map((r) => r.minor)).toStrictEqual([`1.${plus[1]}`, KUBERNETES_MINOR]);
});

test.each(['gke-cluster.ts', 'eks-cluster.ts'])('%s sets its version from KUBERNETES_MINOR', (file) => {
  const source = readFileSync(join(__dirname, '../../../deploy/clusters', file), 'utf8');
  expect(source).toMatch(/(minMasterVersion|version): KUBERNETES_MINOR,/);
});
