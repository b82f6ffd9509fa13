// End to end: the real Pulumi engine and Kubernetes provider (tools/build.sh)
// against a real kube-apiserver, controllers and kwok nodes (scripts/cluster.sh).
// Everything runs in a scratch copy of the repository, with its own cluster
// and a fresh file-backend stack; the checkout is not touched.
import { execFileSync, spawn, spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');
const WORK = mkdtempSync(join(tmpdir(), 'hello-k8s-e2e-'));
const REPO = join(WORK, 'repo');
const KUBECONFIG = join(REPO, '.cluster', 'kubeconfig');
const NS = 'hello-local';
const ENV = {
  ...process.env,
  PULUMI_BACKEND_URL: `file://${join(WORK, 'state')}`,
  STACK: 'local',
};
const timings: Record<string, number> = {};

function log(message: string): void {
  process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs a command in the scratch repo; throws with its output on failure. */
function run(cmd: string, args: string[], opts: { allowFailure?: boolean } = {}): { status: number; output: string; stdout: string } {
  const result = spawnSync(cmd, args, { cwd: REPO, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 && !opts.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}:\n${output.slice(-4000)}`);
  }
  return { status: result.status ?? -1, output, stdout: result.stdout };
}

function timed<T>(name: string, fn: () => T): T {
  const start = Date.now();
  try {
    return fn();
  } finally {
    timings[name] = (Date.now() - start) / 1000;
    log(`${name}: ${timings[name].toFixed(1)} s`);
  }
}

const kubectl = (...args: string[]) => execFileSync('kubectl', ['--kubeconfig', KUBECONFIG, ...args], { encoding: 'utf8' });
const getJson = (...args: string[]) => JSON.parse(kubectl('get', ...args, '-o', 'json'));
const pulumi = (...args: string[]) => run('bash', ['scripts/pulumi.sh', ...args]);

function replicaSets(): any[] {
  return getJson('replicasets', '-n', NS, '-l', 'app.kubernetes.io/name=hello-app').items
    .sort((a: any, b: any) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
}

beforeAll(() => {
  // A scratch copy: tracked and new files as they are now, dependencies linked.
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0').filter(Boolean);
  for (const file of files) {
    cpSync(join(ROOT, file), join(REPO, file), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(REPO, 'node_modules'));
  log(`scratch repository ${REPO}; state ${ENV.PULUMI_BACKEND_URL}`);
  timed('cluster up', () => run('bash', ['scripts/cluster.sh', 'up']));
  log(`control plane ready: ${kubectl('get', '--raw', '/readyz')}, nodes: ${kubectl('get', 'nodes', '-o', 'name').trim()}`);
}, 15 * 60_000);

afterAll(() => {
  // Always, failures included (a no-op after step 7): stop exactly the processes the cluster script started.
  const down = spawnSync('bash', ['scripts/cluster.sh', 'down'], { cwd: REPO, env: ENV, encoding: 'utf8' });
  log(`cluster down (safety net): exit ${down.status}`);
  log(`timings (s): ${JSON.stringify(timings)}`);
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  writeFileSync(join(ROOT, 'build', 'e2e-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
}, 120_000);

test('1. server-side validation: every dist/ manifest passes kubectl apply --dry-run=server --validate=strict', () => {
  for (const file of readdirSync(join(REPO, 'dist')).filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(join(REPO, 'dist', file), 'utf8');
    const namespace = /kind: Namespace\nmetadata:\n  name: (\S+)/.exec(text)![1];
    // Namespaced objects can only be dry-run into a namespace that exists.
    kubectl('create', 'namespace', namespace);
    try {
      const out = kubectl('apply', '--dry-run=server', '--validate=strict', '-f', join(REPO, 'dist', file));
      log(`dist/${file}:\n${out.trim()}`);
      expect(out).toContain('deployment.apps/hello-app created (server dry run)');
    } finally {
      kubectl('delete', 'namespace', namespace, '--wait=true');
    }
  }
}, 5 * 60_000);

test('2. pulumi up deploys dist/local.k8s.yaml: Deployment Available, pods as declared, Service with endpoints and an address', () => {
  const up = timed('pulumi up (empty to Available)', () => pulumi('up'));
  log(up.output.split('\n').filter((l) => /created|Resources|Duration|app URL/.test(l)).join('\n'));

  const deployment = getJson('deployment', 'hello-app', '-n', NS);
  const available = deployment.status.conditions.find((c: any) => c.type === 'Available');
  log(`deployment ${NS}/hello-app: Available=${available.status}, ${deployment.status.availableReplicas}/${deployment.spec.replicas} available`);
  expect(available.status).toBe('True');
  expect(deployment.status.availableReplicas).toBe(2);

  const [rs] = replicaSets();
  log(`replicaset ${rs.metadata.name}: ${rs.status.readyReplicas} ready`);
  const pods = getJson('pods', '-n', NS, '-l', 'app.kubernetes.io/instance=hello-app-local').items;
  log(`pods: ${pods.map((p: any) => `${p.metadata.name} (${p.status.phase}, ready=${p.status.conditions.find((c: any) => c.type === 'Ready')?.status})`).join(', ')}`);
  expect(pods).toHaveLength(2);
  for (const pod of pods) {
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'hello-app', 'app.kubernetes.io/instance': 'hello-app-local', 'app.kubernetes.io/version': '1.0.0',
    });
    expect(pod.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    const container = pod.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsUser: 65532, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 8080 });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
  }

  const endpoints = getJson('endpoints', 'hello-app', '-n', NS);
  const ready = endpoints.subsets?.flatMap((s: any) => s.addresses ?? []) ?? [];
  log(`endpoints ${NS}/hello-app: ${ready.map((a: any) => a.ip).join(', ')}`);
  expect(ready).toHaveLength(2);
  const service = getJson('service', 'hello-app', '-n', NS);
  const address = service.status.loadBalancer.ingress[0].ip;
  log(`service ${NS}/hello-app: LoadBalancer ${address}`);
  expect(address).toBe('127.0.0.1');
  const url = pulumi('stack', 'output', 'url').stdout.trim();
  log(`stack output url: ${url}`);
  expect(url).toBe(`http://${address}/`);
}, 15 * 60_000);

test('3. idempotency: pulumi preview --expect-no-changes right after', () => {
  const preview = timed('pulumi preview (no changes)', () => pulumi('preview', '--expect-no-changes'));
  expect(preview.output).toMatch(/\d+ unchanged/);
}, 10 * 60_000);

test('4. a changed ConfigMap value rolls out a new ReplicaSet without ever dropping to zero available', () => {
  const [before] = replicaSets();
  const environments = join(REPO, 'charts', 'environments.ts');
  writeFileSync(environments, readFileSync(environments, 'utf8').replace("greeting: 'Hello, world!'", "greeting: 'Hello, e2e!'"));
  run('npm', ['run', '--silent', 'synth']);
  expect(readFileSync(join(REPO, 'dist', 'local.k8s.yaml'), 'utf8')).toContain('GREETING: Hello, e2e!');

  // Watch availability from a second process for the whole update.
  const watcher = join(WORK, 'watch.log');
  const watch = spawn('bash', ['-c',
    `while :; do kubectl --kubeconfig ${KUBECONFIG} get deployment hello-app -n ${NS} -o jsonpath='{.status.availableReplicas}{"\\n"}' >> ${watcher}; sleep 0.2; done`]);
  try {
    timed('pulumi up (config change rollout)', () => pulumi('up'));
  } finally {
    watch.kill();
  }
  const samples = readFileSync(watcher, 'utf8').trim().split('\n').map((s) => Number(s || 0));
  log(`watcher: ${samples.length} samples of available replicas, min ${Math.min(...samples)}, max ${Math.max(...samples)}`);
  expect(samples.length).toBeGreaterThan(5);
  expect(Math.min(...samples)).toBeGreaterThanOrEqual(1);

  const sets = replicaSets();
  const old = sets.find((rs) => rs.metadata.name === before.metadata.name);
  const current = sets[sets.length - 1];
  log(`replicasets: old ${old.metadata.name} -> ${old.spec.replicas}, new ${current.metadata.name} -> ${current.status.readyReplicas} ready`);
  expect(current.metadata.name).not.toBe(before.metadata.name);
  expect(old.spec.replicas).toBe(0);
  expect(current.status.readyReplicas).toBe(2);
  expect(getJson('configmap', 'hello-app-env', '-n', NS).data.GREETING).toBe('Hello, e2e!');
}, 15 * 60_000);

test('5. a stale dist/ makes pulumi up fail before anything reaches the cluster', () => {
  const snapshot = () => getJson('deployment,configmap,service', '-n', NS).items
    .map((o: any) => `${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  const before = snapshot();
  const dist = join(REPO, 'dist', 'local.k8s.yaml');
  const committed = readFileSync(dist, 'utf8');
  writeFileSync(dist, committed.replace('maxReplicas: 4', 'maxReplicas: 5'));
  try {
    const failed = run('bash', ['scripts/pulumi.sh', 'up'], { allowFailure: true });
    log(`pulumi up on a stale dist/: exit ${failed.status}`);
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain('dist/local.k8s.yaml is stale: it differs from what the charts synthesize for \'local\'. Run `npm run synth`');
  } finally {
    writeFileSync(dist, committed);
  }
  expect(snapshot()).toStrictEqual(before);
  expect(getJson('deployment', 'hello-app', '-n', NS).spec.replicas).toBe(2);
}, 10 * 60_000);

test('6. pulumi destroy removes everything the stack created', () => {
  timed('pulumi destroy', () => pulumi('destroy'));
  const left = spawnSync('kubectl', ['--kubeconfig', KUBECONFIG, 'get', 'all,configmap,pdb,networkpolicy', '-n', NS, '-l', 'app.kubernetes.io/part-of=hello-k8s', '-o', 'name'], { encoding: 'utf8' });
  log(`after destroy, app objects in ${NS}: ${left.stdout.trim() || 'none'}`);
  expect(left.stdout.trim()).toBe('');
  const namespace = spawnSync('kubectl', ['--kubeconfig', KUBECONFIG, 'get', 'namespace', NS, '-o', 'jsonpath={.status.phase}'], { encoding: 'utf8' });
  expect(namespace.status !== 0 || namespace.stdout === 'Terminating').toBe(true);
}, 10 * 60_000);

test('7. cluster down stops exactly the processes it started and frees their ports', () => {
  const pidsDir = join(REPO, '.cluster', 'pids');
  const pids = readdirSync(pidsDir).map((name) => ({ name, pid: Number(readFileSync(join(pidsDir, name), 'utf8')) }));
  const port = Number(/server: https:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(KUBECONFIG, 'utf8'))![1]);
  timed('cluster down', () => run('bash', ['scripts/cluster.sh', 'down']));
  const alive = pids.filter(({ pid }) => spawnSync('kill', ['-0', String(pid)]).status === 0);
  log(`stopped ${pids.map((p) => `${p.name}(${p.pid})`).join(', ')}; still alive: ${alive.length}`);
  expect(alive).toStrictEqual([]);
  const listening = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0;
  expect(listening).toBe(false);
  expect(existsSync(join(REPO, '.cluster'))).toBe(false);
}, 2 * 60_000);
