// The harness's view of the tools hack/tools/build.sh builds (the local
// cluster's, Pulumi's): their pinned versions and where their binaries are.
import { readFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

const REPO_ROOT = join(__dirname, '..');

/** tools/versions.env as a map. */
export function toolVersions(): Record<string, string> {
  const text = readFileSync(join(REPO_ROOT, 'tools', 'versions.env'), 'utf8');
  return Object.fromEntries(text.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=', 2) as [string, string]));
}

const cacheDir = () => process.env.HELLO_K8S_CACHE ?? join(homedir(), '.cache', 'hello-k8s');

/** Where hack/tools/build.sh puts a tool's binary. */
export function toolBinary(tool: string, version: string, binary = tool): string {
  return join(cacheDir(), 'tools', `${tool}@${version}`, 'bin', binary);
}
