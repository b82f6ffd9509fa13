// tools/versions.env must agree with the npm SDKs in package-lock.json (the
// CLI at least as new as @pulumi/pulumi, the provider plugin exactly the
// version @pulumi/kubernetes asks the engine for) and the local cluster with
// the release the check validates against.
import { readFileSync } from 'fs';
import { join } from 'path';
import { kubernetesVersion } from '../check/tools';
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

test('the Pulumi CLI is at least the @pulumi/pulumi SDK version', () => {
  expect(atLeast(versions.PULUMI_VERSION, locked('@pulumi/pulumi'))).toBe(true);
});

test('pulumi-resource-kubernetes is the @pulumi/kubernetes version', () => {
  expect(versions.PULUMI_KUBERNETES_VERSION).toBe(locked('@pulumi/kubernetes'));
  expect(versions.PULUMI_KUBERNETES_SDK_MODULE).toBe(`v${locked('@pulumi/kubernetes')}`);
});

test('every tool version is pinned to an exact version', () => {
  for (const key of ['PULUMI_VERSION', 'PULUMI_LANGUAGE_NODEJS_VERSION', 'PULUMI_KUBERNETES_VERSION', 'KUBERNETES_VERSION', 'CRICTL_VERSION', 'METRICS_SERVER_VERSION']) {
    expect(`${key}=${versions[key]}`).toMatch(/=\d+\.\d+\.\d+$/);
  }
});

test('the local cluster runs the Kubernetes release the check validates against (check/go.mod)', () => {
  expect(versions.KUBERNETES_VERSION).toBe(kubernetesVersion());
});
