import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';
import { REPO_ROOT } from '../charts/paths';

/** tools/versions.env as a map. */
export function toolVersions(): Record<string, string> {
  const text = readFileSync(join(REPO_ROOT, 'tools', 'versions.env'), 'utf8');
  return Object.fromEntries(text.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=', 2) as [string, string]));
}

const cacheDir = () => process.env.HELLO_K8S_CACHE ?? join(homedir(), '.cache', 'hello-k8s');

/** What `npm run check` needs, building the tools first (once) when missing. */
export function checkTools(): { schemaFile: string; kubeScore: string; k8sValidate: string; podSecurity: string; validatorCache: string } {
  const versions = toolVersions();
  const k8s = versions.KUBERNETES_VERSION;
  const schemaFile = join(cacheDir(), 'tools', `k8s-schema@${k8s}`, 'share', `kubernetes-${k8s}.schema.json`);
  const kubeScore = toolBinary('kube-score', versions.KUBE_SCORE_VERSION);
  // Keyed by its source as well, like tools/build.sh does: an edit means a rebuild.
  const source = createHash('sha256').update(readFileSync(join(REPO_ROOT, 'tools', 'k8s-validate', 'main.go'))).digest('hex');
  const k8sValidate = toolBinary('k8s-validate', `${k8s}-${source.slice(0, 12)}`);
  if (!existsSync(schemaFile) || !existsSync(kubeScore) || !existsSync(k8sValidate)) {
    execFileSync('bash', [join(REPO_ROOT, 'tools', 'build.sh'), 'k8s-schema', 'k8s-validate', 'kube-score'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const [major, minor] = k8s.split('.');
  // The cluster's own Pod Security Standards version: the namespaces enforce the same.
  return { schemaFile, kubeScore, k8sValidate, podSecurity: `restricted:v${major}.${minor}`, validatorCache: join(cacheDir(), 'validators') };
}

/** Where tools/build.sh puts a tool's binary (tools/build.sh TOOL builds it). */
export function toolBinary(tool: string, version: string, binary = tool): string {
  return join(cacheDir(), 'tools', `${tool}@${version}`, 'bin', binary);
}
