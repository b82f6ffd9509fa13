import { execFileSync } from 'child_process';
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

/** Paths of what `npm run check` needs, building them first (once) when missing. */
export function checkTools(): { schemaFile: string; kubeScore: string; validatorCache: string } {
  const versions = toolVersions();
  const k8s = versions.KUBERNETES_VERSION;
  const schemaFile = join(cacheDir(), 'tools', `k8s-schema@${k8s}`, 'share', `kubernetes-${k8s}.schema.json`);
  const kubeScore = join(cacheDir(), 'tools', `kube-score@${versions.KUBE_SCORE_VERSION}`, 'bin', 'kube-score');
  if (!existsSync(schemaFile) || !existsSync(kubeScore)) {
    execFileSync('bash', [join(REPO_ROOT, 'tools', 'build.sh'), 'k8s-schema', 'kube-score'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return { schemaFile, kubeScore, validatorCache: join(cacheDir(), 'validators') };
}

/** Where tools/build.sh puts a tool's binary (tools/build.sh TOOL builds it). */
export function toolBinary(tool: string, version: string, binary = tool): string {
  return join(cacheDir(), 'tools', `${tool}@${version}`, 'bin', binary);
}
