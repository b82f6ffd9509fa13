// End to end, on a real node: the real Pulumi engine and Kubernetes provider
// (hack/tools/build.sh) deploy dist/local.k8s.yaml to the project's own cluster
// (hack/local-cluster/): kube-apiserver and controllers, containerd, kubelet,
// kube-proxy and metrics-server. Every promise the manifests make is observed
// on running containers, counting requests a real container answered.
// Traffic goes only to loopback addresses (the load-balancer address).
// Everything runs in a scratch copy of the repository; the checkout is untouched.
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  ClusterSampler, KUBECONFIG, LoadGen, NS, REPO, Recorder, STATE, WORK, appPods, charts, containerPid, crictl, figures, getJson,
  hostSnapshot, isReady, KUBECTL, kubectl, kubectlAsync, log, makeScratchRepo, nodeNames, pulumi, pulumiAsync, readyPods, run, runAsync, sleep, timed,
  timedAsync, waitUntil, writeFigures,
} from './harness';
import { countPods, timelineSpec } from '../../hack/charts/timeline';
import type { LoadResult } from '../../pr-deploy/loadgen';
import type { ReleaseFigures } from '../../release/report';
import { Fault, injectFault } from './faults';
import { toolVersions } from '../../hack/tools';
import { Attempt, described, podPid, powerCut, requestFrom } from './nodes';
import { anonymousProbes, auditProbe, auditSecretProbe, encryptionProbe, etcdProbes, fileModeProbe, listenerProbe, listeners, table } from './probes';

const URL = 'http://127.0.0.1/';
let hostBefore: ReturnType<typeof hostSnapshot>;
let appImagesBefore: string;
/** The digest dist/ pins (charts/environments.ts). */
const PINNED = /image: ghcr\.io\/hello-k8s\/hello-app:[^@\s]+@(sha256:[0-9a-f]{64})/.exec(readFileSync(join(__dirname, '..', '..', 'dist', 'local.k8s.yaml'), 'utf8'))![1];

const replicaSets = (): any[] => getJson('replicasets', '-n', NS, '-l', 'app.kubernetes.io/name=hello-app').items
  .sort((a: any, b: any) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
const summary = (r: { requests: number; errors: number }) => `${r.requests + r.errors} requests, ${r.errors} failed`;
/** The app's own requests a replica has counted (its /metrics, http_requests_total for 200 GETs). */
const requestsCounted = (url: string) => Number(/^http_requests_total\{code="200",method="get"\} (\d+)$/m
  .exec(execFileSync('curl', ['-fsS', '--max-time', '5', url], { encoding: 'utf8' }))?.[1] ?? 0);
/** Ready or not, for the pods panel of a chart. */
const readiness = (p: { ready: boolean }) => (p.ready ? 'ready' : 'not ready (starting or draining)');
/** A wall-clock time (ms) as seconds into a load run, as its per_second counts them: a chart's x. */
const into = (result: LoadResult, wallMs: number) => (wallMs - result.started_unix_ms) / 1000;
/**
 * Ready app pods on both nodes. A rollout can leave them together (the spread is
 * preferred, and old and new pods count alike): then one is deleted, and the
 * scheduler puts its replacement on the other node.
 */
async function onePodPerNode(): Promise<any[]> {
  const spread = (pods: any[]) => new Set(pods.map((p) => p.spec.nodeName)).size === 2;
  if (!spread(readyPods())) {
    kubectl('delete', 'pod', '-n', NS, readyPods()[0].metadata.name, '--wait=false');
  }
  return waitUntil('a ready app pod on each node', 120_000, () => (spread(readyPods()) ? readyPods() : undefined));
}
/** `npm run drift` on the local stack: its exit status (0 matches, 1 drifted) and report. */
const drift = () => run('bash', ['hack/pulumi.sh', 'drift'], { allowFailure: true });

beforeAll(() => {
  makeScratchRepo();
  log(`scratch repository ${REPO}`);
  hostBefore = hostSnapshot();
  const up = timed('cluster up', () => run('bash', ['hack/local-cluster/cluster.sh', 'up']));
  log(`cluster up:\n${up.output.split('\n').filter((l) => /\d+\.\ds /.test(l)).join('\n')}`);
  log(`nodes: ${kubectl('get', 'nodes', '-o', 'wide').trim()}`);
  appImagesBefore = nodeNames().flatMap((node) => JSON.parse(crictl(node, 'images', '-o', 'json')).images)
    .filter((i: any) => [...(i.repoTags ?? []), ...(i.repoDigests ?? [])].some((r: string) => r.includes('hello-app')))
    .map((i: any) => i.id).join(' ');
  log(`containerd's copies of the app image before the deploy: ${appImagesBefore || 'none'}`);
}, 15 * 60_000);

afterAll(() => {
  // Always, failures included (a no-op after the last step): stop what the cluster started.
  const down = spawnSync('bash', ['hack/local-cluster/cluster.sh', 'down'], { cwd: REPO, encoding: 'utf8' });
  log(`cluster down (safety net): exit ${down.status}`);
  log(`figures: ${JSON.stringify(figures)}`);
  writeFigures();
}, 120_000);

test('0. versions: kube-apiserver, kubelet, kube-proxy and kubectl report the pinned Kubernetes release; containerd 2, etcd 3.5 or newer', () => {
  const pinned = `v${toolVersions().KUBERNETES_VERSION}`;
  /** `--version` of the binary a running component of this cluster executes. */
  const running = (component: string) => execFileSync(readlinkSync(`/proc/${readFileSync(join(STATE, 'pids', component), 'utf8').trim()}/exe`),
    ['--version'], { encoding: 'utf8' }).trim();
  const client = JSON.parse(kubectl('version', '-o', 'json'));
  const nodes = getJson('nodes').items.map((n: any) => n.status.nodeInfo);
  const one = (values: string[]) => (new Set(values).size === 1 ? values[0] : values.join(' / '));
  const seen = {
    'kube-apiserver': client.serverVersion.gitVersion,
    kubelet: one(nodes.map((n: any) => n.kubeletVersion)),
    'kube-proxy': one(nodeNames().map((_, i) => running(`kube-proxy-${i + 1}`).replace(/^Kubernetes /, ''))),
    kubectl: client.clientVersion.gitVersion,
    containerd: one(nodes.map((n: any) => n.containerRuntimeVersion)),
    etcd: /etcd Version: (\S+)/.exec(running('etcd'))![1],
  };
  expect(nodes).toHaveLength(nodeNames().length);
  log(`versions: ${JSON.stringify(seen)}`);
  figures.versions = Object.entries(seen).map(([k, v]) => `${k} ${v}`).join(', ');
  for (const component of ['kube-apiserver', 'kubelet', 'kube-proxy', 'kubectl'] as const) {
    expect(`${component} ${seen[component]}`).toBe(`${component} ${pinned}`);
  }
  expect(Number(pinned.split('.')[1])).toBeGreaterThanOrEqual(35);
  expect(seen.containerd).toMatch(/^containerd:\/\/([2-9]|\d{2,})\./);
  const [major, minor] = seen.etcd.split('.').map(Number);
  expect(major > 3 || (major === 3 && minor >= 5)).toBe(true);
});

test('1. server-side validation: every dist/ manifest passes kubectl apply --dry-run=server --validate=strict', () => {
  for (const file of readdirSync(join(REPO, 'dist')).filter((f) => f.endsWith('.k8s.yaml') && !f.endsWith('-canary.k8s.yaml'))) {
    const text = readFileSync(join(REPO, 'dist', file), 'utf8');
    const namespace = /kind: Namespace\nmetadata:\n(?: .*\n)*?  name: (\S+)/.exec(text)![1];
    const canary = file.replace(/\.k8s\.yaml$/, '-canary.k8s.yaml');
    // Namespaced objects can only be dry-run into a namespace that exists.
    kubectl('create', 'namespace', namespace);
    try {
      const out = kubectl('apply', '--dry-run=server', '--validate=strict', '-f', join(REPO, 'dist', file));
      log(`dist/${file}:\n${out.trim()}`);
      expect(out).toContain('deployment.apps/hello-app created (server dry run)');
      expect(out).toContain('horizontalpodautoscaler.autoscaling/hello-app created (server dry run)');
      const canaryOut = kubectl('apply', '--dry-run=server', '--validate=strict', '-f', join(REPO, 'dist', canary));
      log(`dist/${canary}:\n${canaryOut.trim()}`);
      expect(canaryOut).toContain('deployment.apps/hello-app-canary created (server dry run)');
    } finally {
      kubectl('delete', 'namespace', namespace, '--wait=true');
    }
  }
}, 5 * 60_000);

test('2. hack/run up: Deployment Available, real pods as declared, Service endpoints and address, the URL answers', async () => {
  const up = timed('pulumi up (empty to Available)', () => run('bash', ['hack/pulumi.sh', 'up']));
  log(up.output.split('\n').filter((l) => /created|Resources|Duration|app URL|curl/.test(l)).join('\n'));
  expect(up.output).toContain(`app URL: ${URL}`);
  expect(up.output).toContain(`curl ${URL}: Hello, world!`);

  const deployment = getJson('deployment', 'hello-app', '-n', NS);
  const available = deployment.status.conditions.find((c: any) => c.type === 'Available');
  log(`deployment ${NS}/hello-app: Available=${available.status}`);
  expect(available.status).toBe('True');
  // The autoscaler owns the count: it raises the new Deployment's default of 1 to its minimum.
  const pods = await waitUntil('2 ready pods (the autoscaler\'s minimum)', 60_000, () => (readyPods().length === 2 ? readyPods() : undefined));
  // Spread: the manifests prefer a replica per node and per zone.
  const zones = Object.fromEntries(getJson('nodes').items.map((n: any) => [n.metadata.name, n.metadata.labels['topology.kubernetes.io/zone']]));
  const placement = pods.map((p: any) => `${p.metadata.name} on ${p.spec.nodeName} (zone ${zones[p.spec.nodeName]})`);
  log(`spread: ${placement.join(', ')}`);
  figures.spread = placement.join(', ');
  expect(new Set(pods.map((p: any) => p.spec.nodeName)).size).toBe(Math.min(2, nodeNames().length));
  log(`pods: ${pods.map((p: any) => `${p.metadata.name} (${p.status.podIP}, ${p.status.containerStatuses[0].imageID})`).join(', ')}`);
  // A real pull of the pinned digest from the local registry: containerd had no copy before.
  expect(appImagesBefore).toBe('');
  const pulled = getJson('events', '-n', NS, '--field-selector', 'reason=Pulled').items.map((e: any) => e.message)
    .find((m: string) => m.startsWith('Successfully pulled'));
  log(`kubelet: ${pulled}`);
  expect(pulled).toMatch(new RegExp(`^Successfully pulled image "ghcr.io/hello-k8s/hello-app:1.0.0@${PINNED}"`));
  for (const pod of pods) {
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'hello-app', 'app.kubernetes.io/instance': 'hello-app-local', 'app.kubernetes.io/version': '1.0.0',
    });
    expect(pod.status.containerStatuses[0].state.running).toBeDefined();
    expect(pod.status.containerStatuses[0].imageID).toBe(`ghcr.io/hello-k8s/hello-app@${PINNED}`);
    const container = pod.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsUser: 65532, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  }

  const endpoints = await waitUntil('2 ready endpoints', 30_000, () => {
    const ips = getJson('endpoints', 'hello-app', '-n', NS).subsets?.flatMap((s: any) => (s.addresses ?? []).map((a: any) => a.ip)) ?? [];
    return ips.length === 2 ? ips : undefined;
  });
  log(`endpoints ${NS}/hello-app: ${endpoints.join(', ')}`);
  expect([...endpoints].sort()).toStrictEqual(pods.map((p: any) => p.status.podIP).sort());
  const service = getJson('service', 'hello-app', '-n', NS);
  expect(service.status.loadBalancer.ingress[0].ip).toBe('127.0.0.1');
  expect(pulumi('stack', 'output', 'url').stdout.trim()).toBe(URL);

  const body = run('curl', ['-fsS', '--max-time', '5', URL]).stdout;
  log(`curl ${URL}: ${JSON.stringify(body)}`);
  const hostname = /Hostname: (\S+)/.exec(body)![1];
  expect(body).toBe(`Hello, world!\nVersion: 1.0.0\nHostname: ${hostname}\n`);
  expect(pods.map((p: any) => p.metadata.name)).toContain(hostname);

  // The kubelet's probes reached the real process: its access log shows them.
  const logs = kubectl('logs', '-n', NS, pods[0].metadata.name);
  const probes = logs.split('\n').filter((l) => /"path":"\/(readyz|healthz)"/.test(l));
  log(`kubectl logs ${pods[0].metadata.name}: ${probes.length} probe requests, e.g. ${probes[0]}`);
  expect(logs).toMatch(/"path":"\/readyz","status":200/);
  expect(logs).toMatch(/"path":"\/healthz","status":200/);
}, 15 * 60_000);

test('3. load balancing: 200 requests on new connections, all answered 200, by both replicas; each pod\'s /metrics counted them', async () => {
  const pods = readyPods().map((p) => ({ name: p.metadata.name as string, ip: p.status.podIP as string }));
  const before = pods.map((p) => requestsCounted(`http://${p.ip}:8080/metrics`));
  const result = await new LoadGen(URL, ['-n', '200', '-c', '4', '-new-conn', '-d', '60s']).done();
  log(`load balancing: ${summary(result)}; by hostname ${JSON.stringify(result.hostnames)}`);
  const after = pods.map((p) => requestsCounted(`http://${p.ip}:8080/metrics`));
  const counted = pods.map((p, i) => `${p.name} ${before[i]} → ${after[i]}`);
  log(`http_requests_total{code="200",method="get"} on each pod's /metrics (pod IPs on the cluster's bridge): ${counted.join(', ')}`);
  const throughUrl = execFileSync('curl', ['-fsS', '--max-time', '5', `${URL}metrics`], { encoding: 'utf8' });
  log(`curl ${URL}metrics (one replica's): ${throughUrl.split('\n').filter((l) => /^(http_requests_total|hello_app_build_info)/.test(l)).join('; ')}`);
  expect(throughUrl).toMatch(/^hello_app_build_info\{goversion="go[^"]+",version="1\.0\.0"\} 1$/m);
  pods.forEach((p, i) => expect(after[i] - before[i]).toBe(result.hostnames[p.name]));
  figures['load balancing: requests'] = result.requests + result.errors;
  figures['load balancing: failed'] = result.errors;
  expect(result.requests).toBe(200);
  expect(result.errors).toBe(0);
  expect(Object.keys(result.hostnames).sort()).toStrictEqual(readyPods().map((p) => p.metadata.name).sort());
}, 2 * 60_000);

test('4. idempotency: pulumi preview --expect-no-changes right after, and npm run drift is quiet', () => {
  const preview = timed('pulumi preview (no changes)', () => pulumi('preview', '--expect-no-changes'));
  expect(preview.output).toMatch(/\d+ unchanged/);
  const check = timed('npm run drift (no drift)', () => drift());
  log(`npm run drift: exit ${check.status}: ${check.stdout.trim()}`);
  expect(check.status).toBe(0);
}, 10 * 60_000);

test('5. a greeting change rolls out under load with 0 failed requests; old pods drain and exit 0', async () => {
  const [before] = replicaSets().filter((rs) => rs.spec.replicas > 0);
  const oldPods = readyPods().map((p) => p.metadata.name);
  const environments = join(REPO, 'charts', 'environments.ts');
  writeFileSync(environments, readFileSync(environments, 'utf8').replace("greeting: 'Hello, world!'", "greeting: 'Hello, e2e!'"));
  run('npm', ['run', '--silent', 'synth']);
  expect(readFileSync(join(REPO, 'dist', 'local.k8s.yaml'), 'utf8')).toContain('GREETING: Hello, e2e!');

  // Each pod's last state as the API reports it, including the old pods' exit codes.
  const watch = new Recorder(join(WORK, 'rollout-pods.log'), KUBECTL, ['--kubeconfig', KUBECONFIG, 'get', 'pods', '-n', NS, '-w',
    '-o', 'jsonpath={.metadata.name} {.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.reason}{"\\n"}']);
  const sampler = new ClusterSampler();
  const load = new LoadGen(URL, ['-c', '8', '-rate', '200', '-d', '180s']);
  await sleep(2000); // steady load before the change, for the chart
  const upAt = Date.now();
  await timedAsync('pulumi up (config change rollout)', () => pulumiAsync('up'));
  const upDoneAt = Date.now();
  // Keep the load on until the old pods have drained and exited, and a moment after:
  // keep-alive clients stay with an old pod until its drain closes their connection.
  await waitUntil('old pods gone', 90_000, () => !appPods().some((p) => oldPods.includes(p.metadata.name)));
  figures['rollout: pulumi up until the old pods are gone (s)'] = (Date.now() - upAt) / 1000;
  await sleep(2000);
  const result = await load.stop();
  const states = (await watch.stop()).split('\n');
  const oldHash = before.metadata.labels['pod-template-hash'];
  charts['rollout-under-load'] = timelineSpec({
    title: 'A greeting change rolled out under load (e2e step 5)', answersBy: 'greetings', perSecond: result.per_second,
    podsTitle: 'ready pods', markers: [{ t: into(result, upAt), label: 'pulumi up' }, { t: into(result, upDoneAt), label: 'pulumi up done' }],
    pods: countPods(await sampler.stop(result.started_unix_ms), (p) => (p.ready ? `${p.replicaSet === oldHash ? 'old' : 'new'} ReplicaSet ${p.replicaSet}` : undefined)),
  });

  log(`rollout under load: ${summary(result)}, ${result.requests_per_second.toFixed(0)} req/s, answers ${JSON.stringify(result.greetings)}`);
  log(`last "${result.first_greeting}" at ${result.last_first_greeting_ms.toFixed(0)} ms, first other greeting at ${result.first_other_greeting_ms.toFixed(0)} ms`);
  figures['rollout: requests'] = result.requests + result.errors;
  figures['rollout: failed'] = result.errors;
  expect(result.error_samples).toBeNull();
  expect(result.errors).toBe(0);
  expect(result.requests).toBeGreaterThanOrEqual(1000);
  expect(result.first_greeting).toBe('Hello, world!');
  expect(result.greetings['Hello, e2e!']).toBeGreaterThan(0);
  expect(result.first_other_greeting_ms).toBeGreaterThan(0);

  for (const pod of oldPods) {
    const last = states.filter((l) => l.startsWith(`${pod} `) && l.trim().split(' ').length > 1).pop();
    log(`old pod ${pod}: container terminated with exit code ${last?.split(' ')[1]} (${last?.split(' ')[2]})`);
    expect(last?.split(' ')[1]).toBe('0');
  }
  const sets = replicaSets();
  const old = sets.find((rs) => rs.metadata.name === before.metadata.name);
  const current = sets[sets.length - 1];
  log(`replicasets: old ${old.metadata.name} -> ${old.spec.replicas}, new ${current.metadata.name} -> ${current.status.readyReplicas} ready`);
  expect(current.metadata.name).not.toBe(before.metadata.name);
  expect(old.spec.replicas).toBe(0);
  expect(run('curl', ['-fsS', '--max-time', '5', URL]).stdout).toMatch(/^Hello, e2e!\n/);
}, 15 * 60_000);

test('6. graceful drain: a pod deleted under load answers /readyz 503, drains, exits; 0 failed requests; it is replaced', async () => {
  const victim = readyPods()[0].metadata.name;
  const logs = new Recorder(join(WORK, 'drain-pod.log'), KUBECTL, ['--kubeconfig', KUBECONFIG, 'logs', '-f', '-n', NS, victim]);
  const sampler = new ClusterSampler();
  const load = new LoadGen(URL, ['-c', '8', '-rate', '200', '-d', '120s']);
  await sleep(2000);
  const deleted = Date.now();

  await kubectlAsync('delete', 'pod', '-n', NS, victim, '--wait=true');
  const drainSeconds = (Date.now() - deleted) / 1000;
  const gone = Date.now();
  await sleep(3000);
  const result = await load.stop();
  charts['graceful-drain'] = timelineSpec({
    title: `A pod deleted under load drains (e2e step 6): ${victim}`, answersBy: 'hostnames', perSecond: result.per_second,
    podsTitle: 'app pods', markers: [{ t: into(result, deleted), label: 'kubectl delete pod' }, { t: into(result, gone), label: 'pod gone' }],
    pods: countPods(await sampler.stop(result.started_unix_ms), readiness),
  });
  const text = await logs.finished(10_000);

  const lines = text.split('\n');
  const notReady = lines.findIndex((l) => /"path":"\/readyz","status":503/.test(l));
  const complete = lines.findIndex((l) => l.includes('"msg":"shutdown complete"'));
  log(`drain of ${victim}: deleted in ${drainSeconds.toFixed(1)} s; ${summary(result)}`);
  log(`its log: ${lines.filter((l) => /shutdown|"status":503/.test(l)).join('\n  ')}`);
  figures['drain: requests'] = result.requests + result.errors;
  figures['drain: failed'] = result.errors;
  figures['drain: pod deletion (s)'] = drainSeconds;
  expect(result.errors).toBe(0);
  expect(notReady).toBeGreaterThanOrEqual(0);
  expect(complete).toBeGreaterThan(notReady);

  const replacement = await waitUntil('a replacement pod Ready', 60_000, () => {
    const ready = readyPods().filter((p) => p.metadata.name !== victim);
    return ready.length === 2 ? ready : undefined;
  });
  log(`replaced by its ReplicaSet: ready pods ${replacement.map((p: any) => p.metadata.name).join(', ')}`);
}, 5 * 60_000);

test('7. self-healing: SIGKILL of one pod\'s app process from the host; the kubelet restarts it; the Service keeps answering', async () => {
  const pod = readyPods()[0];
  const name = pod.metadata.name;
  const restartsBefore = pod.status.containerStatuses[0].restartCount;
  const pid = containerPid(name);
  const sampler = new ClusterSampler();
  const load = new LoadGen(URL, ['-c', '8', '-rate', '200', '-d', '120s']);
  await sleep(2000);
  const killed = Date.now();
  process.kill(pid, 'SIGKILL');
  const recovered = await waitUntil(`${name} restarted and Ready`, 90_000, () => {
    const now = getJson('pod', name, '-n', NS);
    return now.status.containerStatuses[0].restartCount === restartsBefore + 1 && isReady(now) ? now : undefined;
  });
  const readyAfter = (Date.now() - killed) / 1000;
  await sleep(3000);
  const result = await load.stop();
  charts['self-healing'] = timelineSpec({
    title: `The app process of ${name} killed (SIGKILL) under load; the kubelet restarts it (e2e step 7)`, answersBy: 'hostnames',
    perSecond: result.per_second, podsTitle: 'app pods',
    markers: [{ t: into(result, killed), label: 'SIGKILL' }, { t: into(result, killed) + readyAfter, label: 'Ready again' }],
    pods: countPods(await sampler.stop(result.started_unix_ms), readiness),
  });
  // error_times_ms count from the load generator's start, like per_second.
  const killedAtMs = killed - result.started_unix_ms;
  const lastError = Math.max(killedAtMs, ...(result.error_times_ms ?? []));
  const answeringAfter = (lastError - killedAtMs) / 1000;
  log(`SIGKILL pid ${pid} (${name}): restartCount ${restartsBefore} -> ${recovered.status.containerStatuses[0].restartCount}, Ready again after ${readyAfter.toFixed(1)} s`);
  log(`Service under load: ${summary(result)}; every request succeeded again ${answeringAfter.toFixed(1)} s after the kill; errors: ${JSON.stringify(result.error_samples)}`);
  figures['self-healing: requests'] = result.requests + result.errors;
  figures['self-healing: failed'] = result.errors;
  figures['self-healing: restarted and Ready (s)'] = readyAfter;
  figures['self-healing: all requests succeed again after (s)'] = answeringAfter;
  expect(recovered.status.containerStatuses[0].lastState.terminated.exitCode).toBe(137);
  // Requests in flight on the killed process can fail; the rest of the run must not.
  expect(result.errors).toBeLessThan(result.requests / 10);
  expect(answeringAfter).toBeLessThan(15);
}, 5 * 60_000);

test('8. security enforced on the node: UID/GID 65532, no capabilities, read-only root, the cgroup memory limit', () => {
  const pod = readyPods()[0];
  const pid = containerPid(pod.metadata.name);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (key: string) => new RegExp(`^${key}:\\s+(.*)$`, 'm').exec(status)![1].split(/\s+/);
  const rootMount = readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n').find((l) => l.split(' ')[4] === '/')!;
  const memoryPath = /^\d+:memory:(.*)$/m.exec(readFileSync(`/proc/${pid}/cgroup`, 'utf8'))![1];
  const memoryLimit = Number(readFileSync(join('/sys/fs/cgroup/memory', memoryPath, 'memory.limit_in_bytes'), 'utf8'));
  const manifestLimit = pod.spec.containers[0].resources.limits.memory;
  log(`pid ${pid} (${pod.metadata.name}): Uid ${field('Uid').join(' ')}, Gid ${field('Gid').join(' ')}, CapEff ${field('CapEff')}, NoNewPrivs ${field('NoNewPrivs')}`);
  log(`root mount: ${rootMount.split(' ').slice(4, 6).join(' ')}; cgroup ${memoryPath}: memory.limit_in_bytes ${memoryLimit} (manifest ${manifestLimit})`);
  expect(field('Uid')).toStrictEqual(['65532', '65532', '65532', '65532']);
  expect(field('Gid')).toStrictEqual(['65532', '65532', '65532', '65532']);
  expect(field('CapEff')).toStrictEqual(['0000000000000000']);
  expect(field('NoNewPrivs')).toStrictEqual(['1']);
  expect(rootMount.split(' ')[5].split(',')).toContain('ro');
  expect(manifestLimit).toBe('64Mi');
  expect(memoryLimit).toBe(64 * 1024 * 1024);
});

test('9. Pod Security Standards: the namespace enforces restricted at v1.28, and the API server rejects a root pod', () => {
  const labels = getJson('namespace', NS).metadata.labels;
  log(`namespace ${NS}: enforce=${labels['pod-security.kubernetes.io/enforce']} version=${labels['pod-security.kubernetes.io/enforce-version']}`);
  expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  expect(labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.28');
  // Compliant in every way but one: it runs as root.
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'root-pod', namespace: NS },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'app', image: 'ghcr.io/hello-k8s/hello-app:1.0.0',
        securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
  const file = join(WORK, 'root-pod.json');
  writeFileSync(file, JSON.stringify(pod));
  const result = spawnSync(KUBECTL, ['--kubeconfig', KUBECONFIG, 'create', '--dry-run=server', '-f', file], { encoding: 'utf8' });
  log(`root pod: exit ${result.status}: ${result.stderr.trim()}`);
  expect(result.status).not.toBe(0);
  expect(result.stderr.trim()).toBe(
    'Error from server (Forbidden): error when creating "' + file + '": pods "root-pod" is forbidden: violates PodSecurity "restricted:v1.28": runAsUser=0 (container "app" must not set runAsUser=0)',
  );
});

test('10. autoscaling: load through the URL scales the Deployment up; preview shows no change while scaled; it scales back down', async () => {
  const replicas = () => getJson('deployment', 'hello-app', '-n', NS).spec.replicas as number;
  const timeline: string[] = [];
  const track = () => {
    const n = replicas();
    const entry = `${((Date.now() - started) / 1000).toFixed(0)}s:${n}`;
    if (!timeline.length || !timeline[timeline.length - 1].endsWith(`:${n}`)) timeline.push(entry);
    return n;
  };
  const min = getJson('hpa', 'hello-app', '-n', NS).spec.minReplicas as number;
  expect(min).toBe(2);
  // The earlier steps' load may have scaled it up: start from the settled minimum.
  const settling = Date.now();
  await waitUntil('the autoscaler back at its minimum before the load', 180_000, () => replicas() === min);
  log(`autoscaling: at the minimum of ${min} replicas after ${((Date.now() - settling) / 1000).toFixed(0)} s`);
  const sampler = new ClusterSampler();
  const load = new LoadGen(URL, ['-c', '16', '-d', '240s']);
  const started = load.startedAt;
  await waitUntil('scale-up to at least 3 replicas', 120_000, () => track() >= 3);
  const scaledUpAfter = (Date.now() - started) / 1000;
  const preview = await timedAsync('pulumi preview while scaled up', () => pulumiAsync('preview', '--expect-no-changes'));
  expect(preview.output).toMatch(/\d+ unchanged/);
  // The drift check exits 0 here, so runAsync's throw-on-failure is the assertion.
  const check = await pulumiAsync('drift');
  log(`npm run drift while scaled up to ${replicas()}: exit 0: ${check.stdout.trim()}`);
  const peakWindowEnd = Date.now() + 20_000;
  await waitUntil('a 20 s look at the peak', 30_000, () => { track(); return Date.now() > peakWindowEnd; });
  const result = await load.stop();
  const peak = Math.max(...timeline.map((t) => Number(t.split(':')[1])));
  const stopped = Date.now();
  await waitUntil('scale-down to the minimum', 240_000, () => track() === min);
  const scaledDownAfter = (Date.now() - stopped) / 1000;
  await sleep(3000); // the last change, in the chart too
  const samples = await sampler.stop(result.started_unix_ms);
  charts.autoscaling = timelineSpec({
    title: 'Load through the URL scales the Deployment up, and back down after (e2e step 10)', answersBy: 'hostnames',
    perSecond: result.per_second, podsTitle: 'replicas',
    markers: [{ t: into(result, started) + scaledUpAfter, label: 'scaled up' }, { t: into(result, stopped), label: 'load stopped' }],
    pods: [...countPods(samples, (p) => (p.ready ? 'ready pods' : undefined)), ...samples.map((s) => ({ t: s.t, series: 'desired (spec.replicas)', pods: s.desired }))],
  });
  log(`autoscaling: ${summary(result)} at ${result.requests_per_second.toFixed(0)} req/s; replicas over time ${timeline.join(' ')}`);
  log(`scaled up after ${scaledUpAfter.toFixed(0)} s, peak ${peak}, back to ${min} ${scaledDownAfter.toFixed(0)} s after the load stopped`);
  log(`kubectl top pods:\n${kubectl('top', 'pods', '-n', NS).trim()}`);
  figures['autoscaling: scaled up after (s)'] = scaledUpAfter;
  figures['autoscaling: peak replicas'] = peak;
  figures['autoscaling: scaled down after (s)'] = scaledDownAfter;
  expect(peak).toBeGreaterThanOrEqual(3);
}, 10 * 60_000);

test('11. a stale dist/ makes pulumi up fail before anything reaches the cluster', () => {
  const snapshot = () => getJson('deployment,configmap,service,hpa', '-n', NS).items
    // The spec's generation where the API keeps one: controllers keep writing status
    // (a Deployment settling after the autoscaler), which is not a change of ours.
    .map((o: any) => `${o.kind}/${o.metadata.name}@${o.metadata.generation ? `generation ${o.metadata.generation}` : o.metadata.resourceVersion}`).sort();
  const dist = join(REPO, 'dist', 'local.k8s.yaml');
  const committed = readFileSync(dist, 'utf8');
  const before = snapshot();
  writeFileSync(dist, committed.replace('maxReplicas: 4', 'maxReplicas: 5'));
  try {
    const failed = run('bash', ['hack/pulumi.sh', 'up'], { allowFailure: true });
    log(`pulumi up on a stale dist/: exit ${failed.status}`);
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain('dist/ is stale: dist/local.k8s.yaml changed since the last synth. Run `npm run synth`');
  } finally {
    writeFileSync(dist, committed);
  }
  expect(snapshot()).toStrictEqual(before);
}, 10 * 60_000);

test('12. drift: out-of-band edits of a ConfigMap value, a label and a container\'s environment are each named (exit 1); hack/run up repairs them', async () => {
  const greeting = getJson('configmap', 'hello-app-env', '-n', NS).data.GREETING; // step 5's
  const edits: [string, string[], string][] = [
    ['a ConfigMap value', ['patch', 'configmap', 'hello-app-env', '--type', 'merge', '-p', '{"data":{"GREETING":"Edited by hand"}}'],
      `data.GREETING: live "Edited by hand", desired ${JSON.stringify(greeting)} (kubectl-patch)`],
    ['a label', ['label', '--overwrite', 'deployment', 'hello-app', 'app.kubernetes.io/version=0.0.0-hand'],
      'metadata.labels."app.kubernetes.io/version": live "0.0.0-hand", desired "1.0.0" (kubectl-label)'],
    ['a container\'s environment', ['set', 'env', 'deployment/hello-app', '-c', 'hello-app', 'LOG_LEVEL=error'],
      'spec.template.spec.containers[hello-app].env[LOG_LEVEL]: live {"name":"LOG_LEVEL","value":"error"}, desired (absent: dist/ does not declare it) (kubectl-set)'],
  ];
  const named: string[] = [];
  for (const [what, args, line] of edits) {
    kubectl('-n', NS, ...args);
    named.push(line);
    const check = drift();
    log(`after editing ${what} with kubectl ${args[0]}: npm run drift exit ${check.status}:\n${check.stdout.trim()}`);
    expect(check.status).toBe(1);
    for (const expected of named) {
      expect(check.stdout).toContain(`  ${expected}\n`);
    }
    expect(check.stdout.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(named.length);
  }
  const up = timed('hack/run up (repairs drift)', () => pulumi('up'));
  log(up.output.split('\n').filter((l) => /(updated|replaced) \(|Resources:|\d+ (updated|replaced|unchanged)/.test(l)).join('\n'));
  const check = timed('npm run drift (after the repair)', () => drift());
  log(`after hack/run up: npm run drift exit ${check.status}: ${check.stdout.trim()}`);
  expect(check.status).toBe(0);
  expect(getJson('configmap', 'hello-app-env', '-n', NS).data.GREETING).toBe(greeting);
  await waitUntil('the repaired Deployment rolled out', 120_000, () => {
    const d = getJson('deployment', 'hello-app', '-n', NS);
    return d.status.updatedReplicas === d.status.replicas && d.status.readyReplicas === d.status.replicas && d.status.observedGeneration === d.metadata.generation;
  });
}, 10 * 60_000);

/** The release's figures file (release/main.ts writes build/release.json). */
interface ReleaseRun {
  readonly status: number;
  readonly result: LoadResult;
  readonly figures: ReleaseFigures;
}

/**
 * `hack/run release` (the template's `npm run release`) on the scratch
 * repository's dist/, under steady load through the URL; charted like the rollout.
 */
async function releaseUnderLoad(chart: string, title: string): Promise<ReleaseRun> {
  rmSync(join(REPO, 'build', 'release.json'), { force: true });
  const sampler = new ClusterSampler();
  // New connections: the Service picks a pod per connection, so keep-alive clients would never meet the canary.
  const load = new LoadGen(URL, ['-c', '8', '-rate', '100', '-new-conn', '-d', '300s']);
  await sleep(2000);
  const release = await timedAsync(`${chart}: hack/run release`, () => runAsync('bash', ['hack/pulumi.sh', 'release'], { allowFailure: true }));
  await sleep(3000); // and after the decision
  const result = await load.stop();
  log(`${chart}: release exit ${release.status}:\n${release.stdout.trim().split('\n').filter((l) => /^(###|- |\||Steps)/.test(l)).join('\n')}`);
  if (release.status > 1) {
    throw new Error(`hack/run release exited ${release.status}:\n${release.output.slice(-3000)}`);
  }
  const figures: ReleaseFigures = JSON.parse(readFileSync(join(REPO, 'build', 'release.json'), 'utf8'));
  charts[chart] = timelineSpec({
    title, answersBy: 'hostnames', perSecond: result.per_second, podsTitle: 'ready pods',
    markers: figures.steps.map((st) => ({ t: into(result, st.startedUnixMs), label: st.step === 'analysis' ? 'analysis' : `${st.step}${st.step === 'canary' ? ' up' : ''}` })),
    pods: countPods(await sampler.stop(result.started_unix_ms), (p) => (p.ready ? (p.name.startsWith('hello-app-canary-') ? 'canary' : 'stable') : undefined)),
  });
  return { status: release.status, result, figures };
}

/** Requests and failures of a load run between two wall-clock times, from its per-second counts. */
function between(result: LoadResult, fromMs: number, toMs: number): { requests: number; failed: number } {
  const seconds = result.per_second.slice(Math.max(0, Math.floor(into(result, fromMs))), Math.ceil(into(result, toMs)) + 1);
  return { requests: seconds.reduce((n, s) => n + s.ok + s.failed, 0), failed: seconds.reduce((n, s) => n + s.failed, 0) };
}

/** After either outcome: the stack's state and the cluster agree with the scratch repository's dist/. */
function stackAgrees(what: string): void {
  const preview = timed(`${what}: pulumi preview --expect-no-changes`, () => pulumi('preview', '--expect-no-changes'));
  expect(preview.output).not.toMatch(/hello-app-canary/);
  const check = drift();
  log(`${what}: npm run drift exit ${check.status}: ${check.stdout.trim()}`);
  expect(check.status).toBe(0);
  expect(appPods().filter((p) => p.metadata.name.startsWith('hello-app-canary-'))).toStrictEqual([]);
}

test('12a. release: a greeting change goes out as a canary, the analysis of its /metrics passes, it is promoted; 0 failed requests', async () => {
  const environments = join(REPO, 'charts', 'environments.ts');
  const before = readFileSync(environments, 'utf8');
  expect(before).toContain("greeting: 'Hello, e2e!'"); // what step 5 deployed
  writeFileSync(environments, before.replace("greeting: 'Hello, e2e!'", "greeting: 'Hello, canary!'"));
  run('npm', ['run', '--silent', 'synth']);
  const run1 = await releaseUnderLoad('release-promoted', 'A greeting change released as a canary and promoted (e2e step 12a)');
  const { result, figures: f } = run1;
  log(`release promoted: ${summary(result)}; answers ${JSON.stringify(result.greetings)}; canary ${JSON.stringify(f.verdict.canary)}`);
  figures['release promoted: requests'] = result.requests + result.errors;
  figures['release promoted: failed'] = result.errors;
  figures['release promoted: canary requests analysed'] = f.verdict.canary.requests;
  figures['release promoted: steps (s)'] = f.steps.map((st) => `${st.step} ${st.seconds.toFixed(1)}`).join(', ');
  expect(run1.status).toBe(0);
  expect(f.verdict.decision).toBe('promote');
  expect(result.errors).toBe(0);
  expect(result.greetings['Hello, canary!']).toBeGreaterThan(0);
  expect(f.stableRevision.after).toBeGreaterThan(f.stableRevision.before); // promoted: the stable Deployment rolled out the new dist/
  expect(run('curl', ['-fsS', '--max-time', '5', URL]).stdout).toMatch(/^Hello, canary!\n/);
  stackAgrees('after the promotion');
}, 15 * 60_000);

test.each<[string, Fault, string]>([
  ['12b. release: a build whose / fails every 4th request is rolled back within the analysis window; failures only while the canary serves', 'errors', 'error rate'],
  ['12c. release: a build that answers in 300 ms is rolled back on p99; the stable Deployment\'s pod template never changes', 'slow', 'p99'],
])('%s', async (name, fault, reason) => {
  const step = name.slice(0, 3);
  const imagePin = join(REPO, 'charts', 'image.json');
  const pinned = readFileSync(imagePin, 'utf8');
  const restore = injectFault(join(REPO, 'app'), fault);
  let release: ReleaseRun;
  try {
    // A real image of the bad build, pinned in the scratch dist/ and pushed to the cluster's registry.
    timed(`${step} bad build: npm run image -- --pin`, () => run('npm', ['run', '--silent', 'image', '--', '--pin']));
    expect(readFileSync(imagePin, 'utf8')).not.toBe(pinned);
    run('bash', ['hack/local-cluster/cluster.sh', 'push-image', REPO]);
    release = await releaseUnderLoad(`release-rolled-back-${fault}`, `A bad build (${fault}) released as a canary and rolled back (e2e step ${step})`);
  } finally {
    restore();
    writeFileSync(imagePin, pinned);
    run('npm', ['run', '--silent', 'synth']); // the scratch dist/ is the deployed one again
  }
  const { result, figures: f } = release;
  const canaryUp = f.steps.find((st) => st.step === 'canary')!;
  const analysis = f.steps.find((st) => st.step === 'analysis')!;
  const rollback = f.steps.find((st) => st.step === 'rollback')!;
  const rollbackDone = rollback.startedUnixMs + rollback.seconds * 1000;
  const serving = between(result, canaryUp.startedUnixMs, rollbackDone);
  const beforeCanary = between(result, result.started_unix_ms, canaryUp.startedUnixMs - 1000);
  const after = between(result, rollbackDone + 1000, Date.now());
  const share = f.settings.replicas / (f.settings.replicas + f.verdict.stable.pods);
  log(`${step}: ${f.verdict.reasons.join('; ')}`);
  log(`${step}: before the canary ${JSON.stringify(beforeCanary)}, while it served ${JSON.stringify(serving)} (canary share ${share.toFixed(2)}), after the rollback ${JSON.stringify(after)}`);
  figures[`${step} rolled back (${fault}): requests`] = result.requests + result.errors;
  figures[`${step} rolled back (${fault}): failed while the canary served`] = serving.failed;
  figures[`${step} rolled back (${fault}): failed after the rollback`] = after.failed;
  figures[`${step} rolled back (${fault}): decision after the canary was up (s)`] = (analysis.startedUnixMs + analysis.seconds * 1000 - canaryUp.startedUnixMs - canaryUp.seconds * 1000) / 1000;
  expect(release.status).toBe(1);
  expect(f.verdict.decision).toBe('rollback');
  expect(f.verdict.reasons[0]).toMatch(new RegExp(`^failed: canary ${reason}`));
  expect(analysis.seconds).toBeLessThan(f.settings.analysisSeconds + 10);
  expect(f.stableRevision.after).toBe(f.stableRevision.before);
  expect(beforeCanary.failed).toBe(0);
  expect(after.failed).toBe(0);
  expect(serving.failed).toBeLessThanOrEqual(Math.ceil(serving.requests * share));
  if (fault === 'errors') {
    expect(serving.failed).toBeGreaterThan(0); // the canary did serve, and the gate saw it
  } else {
    expect(result.errors).toBe(0);
  }
  expect(run('curl', ['-fsS', '--max-time', '5', URL]).stdout).toMatch(/^Hello, canary!\n/);
  stackAgrees(`after the rollback (${fault})`);
}, 15 * 60_000);

test('13. every door probed: etcd mutual TLS, anonymous requests refused, Secrets encrypted at rest, the deploy audited, listeners on loopback or the bridge', () => {
  const bridgeIP = '10.244.0.1'; // hack/local-cluster/common.sh BRIDGE_IP
  const plaintext = `probe-${Date.now()}`;
  kubectl('create', 'secret', 'generic', 'e2e-probe', '-n', NS, `--from-literal=word=${plaintext}`);
  try {
    const observations = [
      ...etcdProbes(STATE),
      ...anonymousProbes(STATE, bridgeIP),
      encryptionProbe(STATE, NS, 'e2e-probe', plaintext),
      auditProbe(STATE, NS, 'pulumi'),
      fileModeProbe(STATE),
      listenerProbe(STATE, bridgeIP),
      auditSecretProbe(STATE, NS, 'e2e-probe'), // last: the audit log is written once the response has gone
    ];
    log(`probe table:\n${table(observations)}`);
    log(`listeners:\n  ${listeners(STATE).join('\n  ')}`);
    figures['probes: lines holding'] = `${observations.filter((o) => o.holds).length} of ${observations.length}`;
    expect(observations.filter((o) => !o.holds)).toStrictEqual([]);
  } finally {
    kubectl('delete', 'secret', 'e2e-probe', '-n', NS);
  }
});

test('14. NetworkPolicy enforced on both nodes: the app\'s port answers another namespace, another port does not, and the app opens no connection', async () => {
  const ns = 'e2e-client';
  const nodes = nodeNames();
  kubectl('create', 'namespace', ns);
  try {
    // A pod in another namespace, with no policy of its own, on the last node: the app
    // has a pod on each node, so one request crosses nodes and one stays on a node.
    kubectl('run', 'client', '-n', ns, `--image=ghcr.io/hello-k8s/hello-app:1.0.0@${PINNED}`,
      `--overrides=${JSON.stringify({ spec: { nodeName: nodes[nodes.length - 1] } })}`);
    kubectl('wait', '-n', ns, 'pod/client', '--for=condition=Ready', '--timeout=60s');
    await onePodPerNode();
    const client = getJson('pod', 'client', '-n', ns);
    const clientPid = podPid(ns, 'client');
    const at = `${ns}/client on ${client.spec.nodeName}`;
    const observe = (door: string, expected: string, attempt: Attempt) => ({ door, expected, seen: described(attempt), holds: described(attempt) === expected });
    const observations = [
      // The control: a closed port where no policy applies is refused at once.
      observe(`${at} → itself :8081 (closed, no policy)`, 'refused', requestFrom(clientPid, `http://${client.status.podIP}:8081/`)),
      ...readyPods().flatMap((pod) => {
        const target = `${pod.metadata.name} on ${pod.spec.nodeName}`;
        return [
          observe(`${at} → ${target} :8080`, 'HTTP 200', requestFrom(clientPid, `http://${pod.status.podIP}:8080/`)),
          observe(`${at} → ${target} :8081`, 'no answer within 3 s (dropped)', requestFrom(clientPid, `http://${pod.status.podIP}:8081/`)),
          observe(`${target} → ${ns}/client :8080`, 'no answer within 3 s (dropped)', requestFrom(containerPid(pod.metadata.name), `http://${client.status.podIP}:8080/`)),
        ];
      }),
    ];
    log(`NetworkPolicy ${NS}/hello-app, enforced by kube-network-policies on each node:\n${table(observations)}`);
    figures['NetworkPolicy: observations holding'] = `${observations.filter((o) => o.holds).length} of ${observations.length}`;
    expect(new Set(readyPods().map((p) => p.spec.nodeName)).size).toBe(Math.min(2, nodes.length));
    expect(observations.filter((o) => !o.holds)).toStrictEqual([]);
  } finally {
    kubectl('delete', 'namespace', ns, '--wait=true');
  }
}, 3 * 60_000);

test('15. drain under load: kubectl drain of a node while load goes through the URL: 0 failed requests, the PodDisruptionBudget refuses an eviction, every app pod ends on the other node', async () => {
  const nodes = nodeNames();
  expect(nodes.length).toBe(2);
  await waitUntil('the autoscaler\'s 2 ready pods', 240_000, () => readyPods().length === 2 && getJson('deployment', 'hello-app', '-n', NS).spec.replicas === 2);
  // The node with the most app pods (both, if a rollout left them together: then the drain itself meets the budget).
  const count = (node: string) => readyPods().filter((p) => p.spec.nodeName === node).length;
  const drained = count(nodes[0]) > count(nodes[1]) ? nodes[0] : nodes[1];
  const other = nodes.find((n) => n !== drained)!;
  log(`drain: app pods ${readyPods().map((p) => `${p.metadata.name} on ${p.spec.nodeName}`).join(', ')}; draining ${drained}`);
  const sampler = new ClusterSampler();
  const load = new LoadGen(URL, ['-c', '8', '-rate', '200', '-d', '300s']);
  await sleep(2000);
  const started = Date.now();
  const drain = kubectlAsync('drain', drained, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=180s');
  // While the first eviction's pod is replaced the budget allows no disruption: ask for another.
  const pdb = () => getJson('pdb', 'hello-app', '-n', NS).status;
  await waitUntil('the budget at 0 disruptions allowed', 30_000, () => pdb().disruptionsAllowed === 0);
  const target = readyPods().find((p) => !p.metadata.deletionTimestamp)!;
  const evictionFile = join(WORK, 'eviction.json');
  writeFileSync(evictionFile, JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: target.metadata.name, namespace: NS } }));
  const refusedAt = Date.now();
  const eviction = spawnSync(KUBECTL, ['--kubeconfig', KUBECONFIG, 'create', '--raw', `/api/v1/namespaces/${NS}/pods/${target.metadata.name}/eviction`, '-f', evictionFile], { encoding: 'utf8' });
  const refusal = eviction.stderr.trim();
  log(`eviction of ${target.metadata.name} (on ${target.spec.nodeName}) while the budget allowed ${pdb().disruptionsAllowed}: exit ${eviction.status}: ${refusal}`);
  const drainOutput = (await drain).output;
  const drainedAfter = (Date.now() - started) / 1000;
  log(`kubectl drain ${drained} (${drainedAfter.toFixed(1)} s):\n${drainOutput.trim()}`);
  const onOther = await waitUntil(`2 ready app pods on ${other}`, 120_000, () => {
    const ready = readyPods();
    return ready.length === 2 && ready.every((p) => p.spec.nodeName === other) ? ready : undefined;
  });
  await sleep(3000);
  const result = await load.stop();
  kubectl('uncordon', drained);
  charts['drain-a-node'] = timelineSpec({
    title: `kubectl drain ${drained} under load (e2e step 15)`, answersBy: 'hostnames', perSecond: result.per_second, podsTitle: 'ready app pods by node',
    markers: [{ t: into(result, started), label: 'kubectl drain' }, { t: into(result, refusedAt), label: 'eviction refused' }, { t: into(result, started) + drainedAfter, label: 'drained' }],
    pods: countPods(await sampler.stop(result.started_unix_ms), (p) => (p.ready ? p.node : undefined)),
  });
  log(`drain under load: ${summary(result)}; app pods after: ${onOther.map((p: any) => `${p.metadata.name} on ${p.spec.nodeName}`).join(', ')}; ${drained} uncordoned`);
  figures['drain a node: requests'] = result.requests + result.errors;
  figures['drain a node: failed'] = result.errors;
  figures['drain a node: kubectl drain (s)'] = drainedAfter;
  figures['drain a node: eviction refused'] = refusal;
  expect(eviction.status).not.toBe(0);
  expect(refusal).toContain('Cannot evict pod as it would violate the pod\'s disruption budget');
  expect(result.errors).toBe(0);
}, 10 * 60_000);

test('16. node loss: a node\'s power cut under load; the Service stops sending to it, its pods run on the other node, all well under a minute', async () => {
  const nodes = nodeNames();
  expect(nodes.length).toBe(2);
  const lost = nodes[1];
  const before = await onePodPerNode();
  const victim = before.find((p: any) => p.spec.nodeName === lost);
  log(`node loss: app pods ${before.map((p: any) => `${p.metadata.name} on ${p.spec.nodeName} (${p.status.podIP})`).join(', ')}; cutting ${lost}`);
  const sampler = new ClusterSampler();
  // A new connection per request, so each is balanced anew and every request the
  // Service still sends to the lost pod shows (a kept-alive one would be retried).
  const load = new LoadGen(URL, ['-c', '8', '-rate', '200', '-new-conn', '-d', '300s']);
  await sleep(3000);
  const cut = Date.now();
  const killed = powerCut(lost);
  log(`power cut of ${lost}: SIGKILL to ${killed.length} processes (kubelet, kube-proxy, NetworkPolicy engine, containerd, shims, containers), its link down`);
  const after = (at: number) => (at - cut) / 1000;
  // The Service stops sending to it once its EndpointSlice no longer lists the pod's address as ready.
  const servingIPs = () => getJson('endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=hello-app').items
    .flatMap((s: any) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready).flatMap((e: any) => e.addresses);
  let notReadyAt = 0;
  const nodeNotReady = () => {
    if (!notReadyAt && getJson('node', lost).status.conditions.find((c: any) => c.type === 'Ready').status !== 'True') notReadyAt = Date.now();
  };
  await waitUntil(`${victim.status.podIP} out of the Service`, 120_000, () => { nodeNotReady(); return !servingIPs().includes(victim.status.podIP); });
  const outOfService = Date.now();
  // Replaced: the lost pod evicted (its toleration ran out) and the Deployment's
  // replicas ready on the other node (the autoscaler may have added one meanwhile).
  const replaced = await waitUntil(`${victim.metadata.name} evicted and replaced on ${nodes[0]}`, 120_000, () => {
    nodeNotReady();
    const lostPod = appPods().find((p) => p.metadata.name === victim.metadata.name);
    const wanted = getJson('deployment', 'hello-app', '-n', NS).spec.replicas;
    const ready = readyPods();
    return (!lostPod || lostPod.metadata.deletionTimestamp) && ready.length >= wanted && ready.every((p) => p.spec.nodeName === nodes[0]) ? ready : undefined;
  });
  const replacedAt = Date.now();
  await sleep(3000);
  const result = await load.stop();
  charts['node-loss'] = timelineSpec({
    title: `${lost} loses power under load (e2e step 16)`, answersBy: 'hostnames', perSecond: result.per_second, podsTitle: 'ready app pods by node',
    markers: [{ t: into(result, cut), label: 'power cut' }, { t: into(result, outOfService), label: 'out of the Service' }, { t: into(result, replacedAt), label: 'replaced' }],
    pods: countPods(await sampler.stop(result.started_unix_ms), (p) => (p.ready ? p.node : undefined)),
  });
  log(`node loss: ${lost} NotReady after ${notReadyAt ? after(notReadyAt).toFixed(1) : '?'} s; ${victim.metadata.name} out of the Service after ${after(outOfService).toFixed(1)} s; `
    + `evicted and replaced: ${replaced.length} pods ready on ${nodes[0]} after ${after(replacedAt).toFixed(1)} s (${replaced.map((p: any) => p.metadata.name).join(', ')}); ${summary(result)}; errors ${JSON.stringify(result.error_samples)}`);
  figures['node loss: NotReady after (s)'] = notReadyAt ? after(notReadyAt) : 'not seen';
  figures['node loss: out of the Service after (s)'] = after(outOfService);
  figures['node loss: pods running on the other node after (s)'] = after(replacedAt);
  figures['node loss: requests'] = result.requests + result.errors;
  figures['node loss: failed'] = result.errors;
  // Only transport errors (timeouts, unreachable): an HTTP status would be some other server answering.
  expect((result.error_samples ?? []).filter((e) => /^\d{3} /.test(e))).toStrictEqual([]);
  expect(after(outOfService)).toBeLessThan(30);
  expect(after(replacedAt)).toBeLessThan(45);
  // The node is gone for good, as a cloud's node repair removes a dead machine:
  // deleting the Node lets the pod garbage collector remove the pods bound to it.
  kubectl('delete', 'node', lost);
}, 10 * 60_000);

test('17. pulumi destroy removes everything the stack created; no node runs an app container after', async () => {
  timed('pulumi destroy', () => pulumi('destroy'));
  const left = spawnSync(KUBECTL, ['--kubeconfig', KUBECONFIG, 'get', 'all,configmap,pdb,networkpolicy,hpa', '-n', NS, '-l', 'app.kubernetes.io/part-of=hello-k8s', '-o', 'name'], { encoding: 'utf8' });
  log(`after destroy, app objects in ${NS}: ${left.stdout.trim() || 'none'}`);
  expect(left.stdout.trim()).toBe('');
  const containers = await waitUntil('no app container on the node', 60_000, () => {
    // The nodes still in the cluster (step 16 removed the one it powered off).
    const nodes: string[] = getJson('nodes').items.map((n: any) => n.metadata.name);
    const ids = nodes.map((node) => crictl(node, 'ps', '-a', '-q', '--label', `io.kubernetes.pod.namespace=${NS}`).trim()).join('');
    return ids === '' ? 'none' : undefined;
  });
  log(`containerd: app containers after destroy: ${containers}`);
}, 10 * 60_000);

test('18. cluster down stops every process it started and leaves the host as it found it', () => {
  const pidsDir = join(STATE, 'pids');
  const pids = readdirSync(pidsDir).map((name) => ({ name, pid: Number(readFileSync(join(pidsDir, name), 'utf8')) }));
  timed('cluster down', () => run('bash', ['hack/local-cluster/cluster.sh', 'down']));
  const alive = pids.filter(({ pid }) => spawnSync('kill', ['-0', String(pid)]).status === 0);
  log(`stopped ${pids.map((p) => `${p.name}(${p.pid})`).join(', ')}; still alive: ${alive.length}`);
  expect(alive).toStrictEqual([]);
  const listening = spawnSync('ss', ['-Htlnp'], { encoding: 'utf8' }).stdout.split('\n')
    .filter((l) => /"(etcd|kube-apiserver|kube-controller|kube-scheduler|kubelet|kube-proxy|containerd|metrics-server|docker-registr)"/.test(l));
  expect(listening).toStrictEqual([]);
  const after = hostSnapshot();
  log(`host after down: links ${after.links.join(',')}; netns ${after.netns.length}; KUBE chains ${after.iptablesChains.filter((c) => c.includes('KUBE')).length}; cgroups ${after.cgroups.length}; mounts ${after.mounts.length}`);
  expect(after).toStrictEqual(hostBefore);
  expect(existsSync(STATE)).toBe(false);
}, 2 * 60_000);
