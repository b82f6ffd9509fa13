// The cluster side of the drift check, through kubectl: the live objects with
// their managed fields, and the API server's dry-run server-side apply of dist/.
import { execFileSync } from 'child_process';

/** How to reach the cluster. */
export interface ClusterAccess {
  /** The kubectl binary. @default `kubectl` on PATH (here: the harness sets its own build) */
  readonly kubectl: string;
  readonly kubeconfig: string;
  readonly context?: string;
}

/** The field manager of the dry run; nothing is written under it. */
export const DRY_RUN_MANAGER = 'hello-k8s-drift-check';

/** One kubectl command on the cluster; its output, or an Error naming the command and what kubectl said. */
export function kubectl(access: ClusterAccess, args: string[], input?: string): string {
  const context = access.context ? ['--context', access.context] : [];
  try {
    return execFileSync(access.kubectl, ['--kubeconfig', access.kubeconfig, ...context, ...args],
      { encoding: 'utf8', input, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err: any) {
    const said = String(err.stderr ?? err.message).trim().split('\n').pop();
    throw new Error(`kubectl ${args.slice(0, 2).join(' ')} failed: ${said}`);
  }
}

const items = (json: string): any[] => {
  const parsed = JSON.parse(json);
  return parsed.kind === 'List' || Array.isArray(parsed.items) ? parsed.items : [parsed];
};

/** The live version of each object, managed fields included; objects the cluster lacks are left out. */
export function liveObjects(access: ClusterAccess, objects: readonly any[]): any[] {
  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
  return items(kubectl(access, ['get', '-f', '-', '-o', 'json', '--show-managed-fields', '--ignore-not-found'], list) || '{"items":[]}');
}

/** What the API server would store if dist/ were applied now: defaults and normalization included, nothing written. */
export function dryRunApply(access: ClusterAccess, objects: readonly any[]): any[] {
  if (objects.length === 0) {
    return [];
  }
  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
  return items(kubectl(access, ['apply', '--server-side', '--dry-run=server', '--force-conflicts',
    `--field-manager=${DRY_RUN_MANAGER}`, '-o', 'json', '-f', '-'], list));
}
