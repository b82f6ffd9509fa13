// The two-node steps' helpers: connection attempts from inside a pod's network
// namespace (for NetworkPolicy), and a node's power cut.
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { STATE, crictl, getJson } from './harness';

/** The host process of a pod's first running container, in any namespace, through its node's CRI. */
export function podPid(namespace: string, pod: string): number {
  const node = getJson('pod', pod, '-n', namespace).spec.nodeName;
  const id = crictl(node, 'ps', '--state', 'running', '--label', `io.kubernetes.pod.name=${pod}`,
    '--label', `io.kubernetes.pod.namespace=${namespace}`, '-q').trim().split('\n')[0];
  return JSON.parse(crictl(node, 'inspect', id)).info.pid;
}

/** What one connection attempt got: curl's exit code (0 answered, 7 refused, 28 no answer) and the HTTP status. */
export interface Attempt {
  readonly exit: number;
  readonly status: string;
}

/**
 * One HTTP request from inside a pod's network namespace (nsenter -n: the pod's
 * address and routes, the host's curl), at most 3 s. Its packets leave the pod
 * like the pod's own: the node's NetworkPolicy engine judges them.
 */
export function requestFrom(pid: number, url: string): Attempt {
  const result = spawnSync('nsenter', ['-t', String(pid), '-n', 'curl', '-s', '-o', '/dev/null', '--max-time', '3', '-w', '%{http_code}', url], { encoding: 'utf8' });
  return { exit: result.status ?? -1, status: result.stdout };
}

export const described = (a: Attempt) => ({ 0: `HTTP ${a.status}`, 7: 'refused', 28: 'no answer within 3 s (dropped)' }[a.exit] ?? `curl exit ${a.exit}`);

/** Every process in a node's cgroups: its pods' containers and their sandboxes. */
function cgroupProcesses(node: string): number[] {
  return readdirSync('/sys/fs/cgroup').flatMap((hierarchy) => {
    const dir = join('/sys/fs/cgroup', hierarchy, 'hello-k8s', node);
    if (!existsSync(dir)) {
      return [];
    }
    return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('cgroup.procs'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map(Number));
  });
}

/** containerd's shims for a node (their command lines name its containerd's socket). */
function shims(node: string): number[] {
  const socket = join(STATE, 'nodes', node, 'containerd');
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes('containerd-shim') && cmdline.includes(socket);
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}

/**
 * A power cut on one node (hack/local-cluster/nodes.sh names its parts and its
 * link): SIGKILL to its kubelet, kube-proxy, NetworkPolicy engine, containerd,
 * shims and every container, all at once, and its link to the host down, so it
 * neither works nor answers. Returns the processes killed.
 */
export function powerCut(node: string): number[] {
  const n = node.split('-').pop();
  const parts = ['kubelet', 'kube-proxy', 'network-policies', 'containerd']
    .map((part) => Number(readFileSync(join(STATE, 'pids', `${part}-${n}`), 'utf8').trim()));
  const pids = [...new Set([...parts, ...shims(node), ...cgroupProcesses(node)])];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const down = spawnSync('ip', ['link', 'set', `hk8s-node${n}`, 'down'], { encoding: 'utf8' });
  if (down.status !== 0) {
    throw new Error(`ip link set hk8s-node${n} down: ${down.stderr.trim()}`);
  }
  return pids;
}
