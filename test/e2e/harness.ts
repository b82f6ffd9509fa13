// The end-to-end tier's toolkit: a scratch copy of the repository with its own
// local cluster and Pulumi state, commands run in it, the Go load generator
// in the background, and snapshots of what the cluster may change on the host.
import { ChildProcess, execFile, execFileSync, spawn, spawnSync } from 'child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import type { PodSample, Spec } from '../../hack/charts/timeline';
import { writeCharts } from '../../hack/charts/write';
import { LoadGen as SharedLoadGen } from '../../pr-deploy/loadgen';
import { toolBinary, toolVersions } from '../../hack/tools';

export const ROOT = resolve(__dirname, '..', '..');
export const WORK = mkdtempSync(join(tmpdir(), 'hello-k8s-e2e-'));
export const REPO = join(WORK, 'repo');
export const STATE = join(REPO, '.cluster');
export const KUBECONFIG = join(STATE, 'kubeconfig');
export const NS = 'hello-local';
export const ENV = { ...process.env, PULUMI_BACKEND_URL: `file://${join(WORK, 'state')}`, STACK: 'local', GOTOOLCHAIN: 'local' };

/** Numbers worth reporting: step times in seconds, request counts. Written to build/e2e-figures.json. */
export const figures: Record<string, number | string> = {};

export function log(message: string): void {
  process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command in the scratch repo; throws with its output on failure. */
export function run(cmd: string, args: string[], opts: { allowFailure?: boolean } = {}): { status: number; output: string; stdout: string } {
  const result = spawnSync(cmd, args, { cwd: REPO, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 && !opts.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}:\n${output.slice(-4000)}`);
  }
  return { status: result.status ?? -1, output, stdout: result.stdout };
}

/**
 * run() without blocking the event loop, for the steps that sample the
 * cluster in the background while a long command (a rollout) runs.
 */
export function runAsync(cmd: string, args: string[], opts: { allowFailure?: boolean } = {}): Promise<{ status: number; output: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: REPO, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const status = err ? Number(err.code ?? -1) : 0;
      if (err && !opts.allowFailure) {
        reject(new Error(`${cmd} ${args.join(' ')} exited ${err.code}:\n${output.slice(-4000)}`));
      } else {
        resolve({ status, output, stdout });
      }
    });
  });
}

const record = (name: string, start: number) => {
  figures[name] = (Date.now() - start) / 1000;
  log(`${name}: ${(figures[name] as number).toFixed(1)} s`);
};

/** Runs fn, logs and records how long it took (seconds). */
export function timed<T>(name: string, fn: () => T): T {
  const start = Date.now();
  try {
    return fn();
  } finally {
    record(name, start);
  }
}

/** timed() for a promise. */
export async function timedAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    record(name, start);
  }
}

const versions = toolVersions();
/** The project's kubectl (the cluster's own release, hack/tools/build.sh kubectl), never one from PATH. */
export const KUBECTL = toolBinary('kubectl', versions.KUBERNETES_VERSION);
export const kubectl = (...args: string[]) => execFileSync(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
export const getJson = (...args: string[]) => JSON.parse(kubectl('get', ...args, '-o', 'json'));
export const pulumi = (...args: string[]) => run('bash', ['hack/pulumi.sh', ...args]);
export const pulumiAsync = (...args: string[]) => runAsync('bash', ['hack/pulumi.sh', ...args]);
export const kubectlAsync = (...args: string[]) => runAsync(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args]);

/** The cluster's nodes (hack/local-cluster/nodes.sh), by their state folders. */
export const nodeNames = (): string[] => readdirSync(join(STATE, 'nodes')).sort();

/** crictl on one node's containerd. */
export const crictl = (node: string, ...args: string[]) => execFileSync(toolBinary('crictl', versions.CRICTL_VERSION),
  ['--config', join(STATE, 'nodes', node, 'containerd', 'crictl.yaml'), ...args], { encoding: 'utf8' });

/** Polls fn every 500 ms until it returns a truthy value; throws after timeoutMs. */
export async function waitUntil<T>(what: string, timeoutMs: number, fn: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    }
    await sleep(500);
  }
}

export const appPods = (): any[] => getJson('pods', '-n', NS, '-l', 'app.kubernetes.io/name=hello-app').items;
export const isReady = (pod: any) => pod.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') ?? false;
export const readyPods = () => appPods().filter((p) => isReady(p) && !p.metadata.deletionTimestamp);

/** The host process of a pod's app container, through its node's CRI (crictl inspect). */
export function containerPid(podName: string): number {
  const node = getJson('pod', podName, '-n', NS).spec.nodeName;
  const id = crictl(node, 'ps', '--state', 'running', '--label', `io.kubernetes.pod.name=${podName}`, '--name', 'hello-app', '-q').trim().split('\n')[0];
  return JSON.parse(crictl(node, 'inspect', id)).info.pid;
}

/** Copies the repository (tracked and new files as they are now) into REPO, dependencies linked. */
export function makeScratchRepo(): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0').filter((f) => f && existsSync(join(ROOT, f)));
  for (const file of files) {
    cpSync(join(ROOT, file), join(REPO, file), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(REPO, 'node_modules'));
}

/** The Go load generator, built once into the scratch work folder. */
export class LoadGen extends SharedLoadGen {
  constructor(url: string, flags: string[]) {
    super(url, flags, { appDir: join(REPO, 'app'), workDir: WORK, env: ENV });
  }
}

/** What one look at the cluster saw, at a wall-clock time (ms). */
export type ClusterSample = Omit<PodSample, 't'> & { readonly at: number };

/**
 * Looks at the app's pods and its Deployment every second in the background,
 * for the charts: which pods are Ready, of which ReplicaSet, on which node,
 * and how many replicas the Deployment wants. Bounded by stop() and by 600 looks.
 */
export class ClusterSampler {
  private readonly samples: ClusterSample[] = [];
  private readonly timer: NodeJS.Timeout;
  private pending: Promise<void> = Promise.resolve();
  private looks = 0;
  private busy = false;

  constructor() {
    this.timer = setInterval(() => this.look(), 1000);
    this.timer.unref(); // a step that fails before stop() must not keep the run alive
    this.look();
  }

  private look(): void {
    if (this.busy || ++this.looks > 600) {
      return; // one look at a time: a slow answer makes a gap, never a pile-up
    }
    this.busy = true;
    const at = Date.now();
    this.pending = kubectlAsync('get', 'deployments,pods', '-n', NS, '-l', 'app.kubernetes.io/name=hello-app', '-o', 'json')
      .then(({ stdout }) => {
        const items: any[] = JSON.parse(stdout).items;
        const deployment = items.find((i) => i.kind === 'Deployment');
        this.samples.push({
          at,
          desired: deployment?.spec.replicas ?? 0,
          pods: items.filter((i) => i.kind === 'Pod').map((p) => ({
            name: p.metadata.name, ready: isReady(p) && !p.metadata.deletionTimestamp,
            replicaSet: p.metadata.labels['pod-template-hash'] ?? '', node: p.spec.nodeName ?? '',
          })),
        });
      }, () => undefined) // a look that fails (the API busy) is a gap in the chart, not a failed step
      .finally(() => { this.busy = false; });
  }

  /** Stops looking; returns the samples with t in seconds after origin (ms), those before it left out. */
  async stop(origin: number): Promise<PodSample[]> {
    clearInterval(this.timer);
    await this.pending;
    return this.samples.filter((s) => s.at >= origin).map(({ at, ...rest }) => ({ ...rest, t: (at - origin) / 1000 }));
  }
}

/** A background command whose output goes to a file (kubectl logs -f, kubectl get -w). */
export class Recorder {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(public readonly file: string, cmd: string, args: string[]) {
    const fd = openSync(file, 'w');
    this.child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.exited = new Promise((r) => this.child.on('exit', () => r()));
  }

  text(): string {
    return readFileSync(this.file, 'utf8');
  }

  async finished(timeoutMs: number): Promise<string> {
    await Promise.race([this.exited, sleep(timeoutMs)]);
    return this.text();
  }

  async stop(): Promise<string> {
    this.child.kill('SIGTERM');
    await this.exited;
    return this.text();
  }
}

// The sysctls the node's components could touch; the e2e tier compares more
// than hack/local-cluster/host.sh restores, so a missed one fails the check.
const WATCHED_SYSCTLS = /^(net\.ipv4\.ip_forward|net\.ipv4\.conf\.(all|default|lo|eth0)\.|net\.netfilter\.nf_conntrack_(max|tcp_timeout)|net\.bridge\.|vm\.(overcommit_memory|panic_on_oom)|kernel\.(panic|panic_on_oops|keys\.root_max))/;

/** Pids whose command line mentions path (this process excepted). */
function processesOf(path: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path);
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}

/** What the local cluster may change on the host, to compare before `up` and after `down`. */
export function hostSnapshot() {
  const sh = (cmd: string) => spawnSync('bash', ['-c', cmd], { encoding: 'utf8' }).stdout;
  return {
    sysctls: sh('sysctl -a 2>/dev/null').split('\n').filter((l) => WATCHED_SYSCTLS.test(l)).sort(),
    links: sh('ip -o link show | cut -d: -f2').split('\n').map((s) => s.trim()).filter(Boolean).sort(),
    routes: sh('ip route').trim().split('\n').sort(),
    netns: existsSync('/run/netns') ? readdirSync('/run/netns').sort() : [],
    iptablesChains: sh('{ iptables-save; ip6tables-save; } 2>/dev/null | grep "^:" | cut -d" " -f1').split('\n').filter(Boolean).sort(),
    cgroups: sh('ls -d /sys/fs/cgroup/*/hello-k8s 2>/dev/null').split('\n').filter(Boolean),
    hostDirs: ['/var/log/pods', '/var/log/containers', '/run/containerd', '/run/netns', '/var/lib/cni', '/var/lib/kubelet',
      ...readdirSync('/run').filter((d) => d.startsWith('hello-k8s')).map((d) => `/run/${d}`)].filter((d) => existsSync(d)),
    // Ours under the scratch folder, and /run/netns, which `ip netns add` mounts.
    mounts: readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((l) => l.includes(WORK) || l.split(' ')[1] === '/run/netns'),
    processes: processesOf(STATE),
  };
}

/** The charts of this run (hack/charts), drawn beside the figures by writeFigures(). */
export const charts: Record<string, Spec> = {};

/** build/e2e-figures.json, and each chart as build/e2e-charts/<name>.svg. */
export function writeFigures(): void {
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  writeFileSync(join(ROOT, 'build', 'e2e-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  for (const svg of writeCharts(join(ROOT, 'build', 'e2e-charts'), charts)) {
    log(`chart: ${svg}`);
  }
}
