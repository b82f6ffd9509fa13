// tools/versions.env must agree with the npm SDKs in package-lock.json (the
// CLI at least as new as @pulumi/pulumi, the provider plugin exactly the
// version @pulumi/kubernetes asks the engine for) and the local cluster with
// the release the check validates against.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { clusterRelease } from '../check/tools';
import { toolVersions } from './tools';

const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8'));
const locked = (name: string): string => lock.packages[`node_modules/${name}`].version;
const semver = (v: string) => v.split('.').map(Number);
const atLeast = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) {
      return x[i] > y[i];
    }
  }
  return true;
};

const versions = toolVersions();
const root = join(__dirname, '..');
const workflowDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowDir).map((f) => readFileSync(join(workflowDir, f), 'utf8'));
const pins = (key: string) => workflows.flatMap((w) => [...w.matchAll(new RegExp(`^\\s*${key}: (\\S+)`, 'gm'))].map((m) => m[1]));
const nodeMajor = /^>=(\d+) <\d+$/.exec(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node)![1];

test('the Pulumi CLI is at least the @pulumi/pulumi SDK version', () => {
  expect(atLeast(versions.PULUMI_VERSION, locked('@pulumi/pulumi'))).toBe(true);
});

test('pulumi-resource-kubernetes is the @pulumi/kubernetes version', () => {
  expect(versions.PULUMI_KUBERNETES_VERSION).toBe(locked('@pulumi/kubernetes'));
  expect(versions.PULUMI_KUBERNETES_SDK_MODULE).toBe(`v${locked('@pulumi/kubernetes')}`);
});

test('every tool version is pinned to an exact version', () => {
  for (const key of ['PULUMI_VERSION', 'PULUMI_LANGUAGE_NODEJS_VERSION', 'PULUMI_KUBERNETES_VERSION', 'KUBERNETES_VERSION',
    'CONTAINERD_VERSION', 'RUNC_VERSION', 'CNI_PLUGINS_VERSION', 'ETCD_VERSION', 'CRICTL_VERSION', 'METRICS_SERVER_VERSION']) {
    expect(`${key}=${versions[key]}`).toMatch(/=\d+\.\d+\.\d+$/);
  }
});

test('the local cluster runs the Kubernetes release the clusters run and the check validates against (check/go.mod)', () => {
  expect(versions.KUBERNETES_VERSION).toBe(clusterRelease().version);
});

test('crictl is the release of the cluster\'s minor', () => {
  expect(versions.CRICTL_VERSION.split('.').slice(0, 2).join('.')).toBe(clusterRelease().minor);
});

test('the node runs containerd 2 and etcd 3.5 or newer', () => {
  expect(Number(versions.CONTAINERD_VERSION.split('.')[0])).toBeGreaterThanOrEqual(2);
  expect(atLeast(versions.ETCD_VERSION, '3.5.0')).toBe(true);
});

test('the workflows install the Pulumi CLI this repository builds and tests', () => {
  expect(pins('pulumi-version').length).toBeGreaterThan(0);
  expect(new Set(pins('pulumi-version'))).toEqual(new Set([versions.PULUMI_VERSION]));
});

test('the workflows, scripts/install-node.sh and engines name one Node.js major', () => {
  expect(new Set(pins('node-version'))).toEqual(new Set([nodeMajor]));
  const installed = /^NODE_VERSION=(\d+)\./m.exec(readFileSync(join(root, 'scripts', 'install-node.sh'), 'utf8'))![1];
  expect(installed).toBe(nodeMajor);
});
