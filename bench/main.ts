// `hack/run bench [--quick | --first-run]`: measures what users wait for and writes
// bench/RESULTS.md. It only measures and reports; no test asserts timings.
import { execFileSync, spawn, spawnSync } from 'child_process';
import { cpus, totalmem } from 'os';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import { parseArgs } from 'util';
import { runsSpec, Spec, throughputSpec } from '../hack/charts/timeline';
import { writeCharts } from '../hack/charts/write';
import { toolBinary, toolVersions } from '../hack/tools';
import { LoadGen } from '../pr-deploy/loadgen';

const REPO_ROOT = join(__dirname, '..');

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'first-run': { type: 'boolean', default: false } } });
const QUICK = values.quick!;
/** Only the first-run row (about 50 minutes): the other rows stay as the last full run wrote them. */
const FIRST_RUN = values['first-run']!;
const RUNS = QUICK ? 3 : 5;
/** kube-controller-manager's --horizontal-pod-autoscaler-sync-period (its default, which the local cluster keeps). */
const HPA_SYNC_PERIOD_S = 15;
const versions = toolVersions();

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface Stats { median: number; min: number; max: number; runs: number }
interface Row { group: string; name: string; value: string; target?: string; note?: string }
const rows: Row[] = [];
/** Charts drawn beside RESULTS.md, in bench/charts/ (hack/charts). */
const charts: Record<string, Spec> = {};

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}
const fmt = (s: Stats, unit = 's', digits = 2) => `${s.median.toFixed(digits)} ${unit} (min ${s.min.toFixed(digits)}, max ${s.max.toFixed(digits)}, n=${s.runs})`;

/**
 * Runs a command `runs` times (after one warm-up) and returns wall seconds.
 * `expect`: every run's output must match it, so a row times the work it names (a render, not a no-op).
 */
function time(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; runs?: number; warmup?: boolean; expect?: RegExp; output?: (text: string) => void } = {}): Stats {
  const run = () => {
    const start = process.hrtime.bigint();
    const result = spawnSync(cmd, args, { cwd: opts.cwd ?? REPO_ROOT, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (result.status !== 0) {
      throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${(result.stdout + result.stderr).slice(-3000)}`);
    }
    if (opts.expect && !opts.expect.test(result.stdout)) {
      throw new Error(`${cmd} ${args.join(' ')} printed ${JSON.stringify(result.stdout.trim())}, expected ${opts.expect}`);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    opts.output?.(result.stdout + result.stderr);
    return seconds;
  };
  if (opts.warmup ?? true) {
    run();
  }
  return stats(Array.from({ length: opts.runs ?? RUNS }, run));
}

/** Times commands taking turns, `RUNS` rounds after one warm-up round, so they see the same machine. */
function sideBySide(commands: [string, string[], RegExp?][]): Stats[] {
  const samples = commands.map(() => [] as number[]);
  for (let round = 0; round <= RUNS; round++) {
    commands.forEach(([cmd, args, expect], i) => {
      const seconds = time(cmd, args, { runs: 1, warmup: false, expect }).median;
      if (round > 0) samples[i].push(seconds);
    });
  }
  return samples.map(stats);
}

/** Whole seconds between two of scripts/test.sh's `[hh:mm:ss] step` progress lines in its output (across midnight too). */
function secondsBetween(output: string, from: RegExp, to: RegExp): number {
  const at = (step: RegExp) => {
    const hms = new RegExp(`^\\[(\\d\\d):(\\d\\d):(\\d\\d)\\] ${step.source}`, 'm').exec(output);
    return hms ? Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]) : NaN;
  };
  return (at(to) - at(from) + 86400) % 86400;
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

function benchSynth(): void {
  log('synth: npm run synth and cdk8s synth (ours: tsx) against the stock cdk8s template (ts-node), unchanged and after a one-line edit');
  const written = /dist\/ written and checked: /;
  // The CLI prints the files it listed in its output folder, which the app copies there on every run.
  const listed = /local\.k8s\.yaml/;
  const ours = ['npm', ['run', '--silent', 'synth'], written] as const;
  const cli = ['npx', ['cdk8s', 'synth', '--no-check-upgrade'], listed] as const;
  // The stock `cdk8s init typescript-app` runner: `npx ts-node main.ts`, type-checking on every
  // run, with TypeScript 5 (ts-node cannot load TypeScript 7), installed in bench/stock.
  const stockDir = join(REPO_ROOT, 'bench', 'stock');
  execFileSync('npm', ['ci', '--silent', '--no-audit', '--no-fund'], { cwd: stockDir, stdio: 'inherit' });
  const tsNode = `${join(stockDir, 'node_modules', '.bin', 'ts-node')} --project ${join(stockDir, 'tsconfig.json')} main.ts`;
  const stock = ['npx', ['cdk8s', 'synth', '--no-check-upgrade', '--app', tsNode, '--output', mkdtempSync(join(tmpdir(), 'hello-k8s-bench-stock-'))], listed] as const;
  // What `npm run synth` is made of, side by side: npm's own start is the difference to the
  // node command it runs; tsx's is the libraries loaded through its hooks against plain Node.
  const loadPlus = "require('cdk8s'); require('cdk8s-plus-28')";
  const [unchanged, direct, loadTsx, loadNode] = sideBySide([
    [ours[0], [...ours[1]], written],
    ['node', ['--import', 'tsx', 'main.ts'], written],
    ['node', ['--import', 'tsx', '-e', loadPlus]],
    ['node', ['-e', loadPlus]],
  ]);
  const loadedBytes = Number(execFileSync('node', ['-e', `${loadPlus}; const fs = require('fs'); console.log(Object.keys(require.cache).reduce((n, f) => n + fs.statSync(f).size, 0))`], { cwd: REPO_ROOT, encoding: 'utf8' }));
  const synthReason = `npm's own start ${(unchanged.median - direct.median).toFixed(2)} s (the node command alone ${direct.median.toFixed(2)} s); `
    + `tsx lexes every module it loads: cdk8s and cdk8s-plus-28 (${(loadedBytes / 2 ** 20).toFixed(1)} MiB) load in ${loadTsx.median.toFixed(2)} s through it, ${loadNode.median.toFixed(2)} s in plain Node`;
  // The loop people repeat all day: change a line of a chart, synthesize. The three
  // runners take turns on each edit, so they see the same machine.
  const chart = join(REPO_ROOT, 'charts', 'hello-app.ts');
  const original = readFileSync(chart, 'utf8');
  const edits = { ours: [] as number[], cli: [] as number[], stock: [] as number[] };
  let n = 0;
  const edited = (runner: readonly [string, readonly string[], RegExp]) => {
    writeFileSync(chart, `${original}// bench edit ${n++}\n`);
    return time(runner[0], [...runner[1]], { runs: 1, warmup: false, expect: runner[2] }).median;
  };
  try {
    for (let i = 0; i < (QUICK ? 1 : RUNS); i++) {
      edits.ours.push(edited(ours));
      edits.cli.push(edited(cli));
      edits.stock.push(edited(stock));
    }
  } finally {
    writeFileSync(chart, original);
    execFileSync('npm', ['run', '--silent', 'synth'], { cwd: REPO_ROOT, stdio: 'ignore' });
  }
  const [edit, cliEdit, stockEdit] = [edits.ours, edits.cli, edits.stock].map(stats);
  const ratio = cliEdit.median / stockEdit.median;
  // The floor under any app: npx finding the CLI, and the CLI loading, before it runs anything.
  const cliAlone = time('npx', ['cdk8s', '--version'], { expect: /\d+\.\d+\.\d+/ });
  const cliNote = cliEdit.median <= 1.0 && ratio <= 0.25 ? 'met'
    : `missed: \`npx cdk8s --version\` alone takes ${cliAlone.median.toFixed(2)} s (${(cliAlone.median / stockEdit.median).toFixed(2)}× stock) before the app starts`;
  rows.push(
    { group: 'synth', name: '`npm run synth` (`node --import tsx main.ts`), nothing changed', value: fmt(unchanged), target: '≤ 1.0 s', note: unchanged.median <= 1.0 ? 'met' : `missed: ${synthReason}` },
    { group: 'synth', name: '`npm run synth` after a one-line edit to charts/hello-app.ts', value: fmt(edit), target: '≤ 1.0 s', note: edit.median <= 1.0 ? 'met' : 'missed: the same parts as nothing changed (renders and checks every time, no cache)' },
    { group: 'synth', name: '`node --import tsx main.ts`: what `npm run synth` runs, without npm', value: fmt(direct) },
    { group: 'synth', name: 'loading cdk8s and cdk8s-plus-28 through tsx / in plain Node', value: `${fmt(loadTsx)} / ${fmt(loadNode)}`, note: `${(loadedBytes / 2 ** 20).toFixed(1)} MiB of JavaScript` },
    { group: 'synth', name: '`npx cdk8s synth` after the same edit (cdk8s.yaml: tsx)', value: fmt(cliEdit), target: '≤ 1.0 s and ≤ 0.25× stock', note: `${ratio.toFixed(2)}× stock: ${cliNote}` },
    { group: 'synth', name: '`npx cdk8s --version`: npx and the stock CLI starting, no app', value: fmt(cliAlone) },
    { group: 'synth', name: 'stock: `npx cdk8s synth --app "npx ts-node main.ts"` after the same edit', value: fmt(stockEdit) },
  );
}

function benchScale(): void {
  log('scale: 1, 10, 100 HelloApp instances');
  for (const count of [1, 10, 100]) {
    const out = mkdtempSync(join(tmpdir(), `hello-k8s-bench-scale-${count}-`));
    const s = time('node', ['--import', 'tsx', 'bench/scale-app.ts', String(count), out]);
    rows.push({ group: 'scale', name: `${count} HelloApp instance${count > 1 ? 's' : ''}`, value: fmt(s), target: count === 100 ? '≤ 3 s' : undefined,
      note: `${count === 100 ? `${s.median <= 3 ? 'met' : 'missed'}; ` : ''}dist ${(dirBytes(out) / 1024).toFixed(0)} KiB` });
  }
}

function benchUnitTier(): void {
  if (QUICK) {
    rows.push({ group: 'tests', name: 'unit tier (`npm test`)', value: 'skipped in --quick', target: '≤ 20 s' });
    return;
  }
  log('unit tier: npm test');
  let output = '';
  const s = time('npm', ['test'], { runs: RUNS, warmup: true, output: (text) => { output = text; } });
  // Where the last run's time went: scripts/test.sh's progress lines and jest's own total.
  const typeCheck = secondsBetween(output, /type-check/, /the check's tools/);
  const jestSeconds = Number(/^Time:\s+([\d.]+) s/m.exec(output)?.[1]);
  // The test files that hold jest up, from one more run (jest's JSON report: each file's start and end).
  const report = mkdtempSync(join(tmpdir(), 'hello-k8s-bench-jest-'));
  execFileSync('node_modules/.bin/jest', ['--silent', '--json', '--outputFile', join(report, 'jest.json')], { cwd: REPO_ROOT, stdio: 'ignore' });
  const files: { name: string; startTime: number; endTime: number }[] = JSON.parse(readFileSync(join(report, 'jest.json'), 'utf8')).testResults;
  rmSync(report, { recursive: true, force: true });
  const slowest = files.map((f) => ({ name: f.name.slice(REPO_ROOT.length + 1), seconds: (f.endTime - f.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds).slice(0, 3).map((f) => `${f.name} ${f.seconds.toFixed(1)} s`).join(', ');
  rows.push({ group: 'tests', name: 'unit tier (`npm test`: tsc, jest, go test -race, check, actionlint, image pin)', value: fmt(s), target: '≤ 20 s',
    note: s.median <= 20 ? 'met' : `missed: in the last run, tsc -b ${typeCheck < 1 ? 'under 1' : typeCheck} s, then jest ${jestSeconds.toFixed(1)} s on ${cpus().length} workers (slowest files: ${slowest}), with the Go tests and checks alongside` });
}

/**
 * The README's second command as a new user meets it: a clean clone of HEAD,
 * `npm ci`, then `npm test`, with the check's and Go's build caches empty
 * (XDG_CACHE_HOME, which both follow, points at an empty folder). Module
 * downloads stay cached: the network is not what is measured. Once: it is long.
 */
function benchFreshClone(): void {
  const name = '`npm ci && npm test` on a fresh clone, the check\'s and Go\'s build caches empty';
  if (QUICK) {
    rows.push({ group: 'tests', name, value: 'skipped in --quick', target: '≤ 3 min' });
    return;
  }
  log('unit tier on a fresh clone, empty build caches');
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-bench-clone-'));
  try {
    const clone = join(dir, 'clone');
    execFileSync('git', ['clone', '--quiet', REPO_ROOT, clone]);
    mkdirSync(join(dir, 'cache'));
    const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };
    const install = time('npm', ['ci', '--no-audit', '--no-fund'], { cwd: clone, env, runs: 1, warmup: false });
    const start = process.hrtime.bigint();
    const test = spawnSync('npm', ['test'], { cwd: clone, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    const testSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (test.status !== 0) {
      throw new Error(`npm test on the fresh clone failed (${test.status}):\n${(test.stdout + test.stderr).slice(-3000)}`);
    }
    // scripts/test.sh's progress lines say when the check's tools build began and ended.
    const toolsBuild = secondsBetween(test.stderr, /the check's tools/, /jest, alongside/);
    const total = install.median + testSeconds;
    rows.push({ group: 'tests', name, value: `${total.toFixed(0)} s (once)`, target: '≤ 3 min',
      note: `${total <= 180 ? 'met' : 'missed'}; npm ci ${install.median.toFixed(0)} s, npm test ${testSeconds.toFixed(0)} s, of which the check's tools (k8s-validate and k8s-schema for two Kubernetes releases, kube-score, actionlint, from source) ${toolsBuild.toFixed(0)} s` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a server binary on a free port, waits until it answers, and returns a stop function. */
async function serve(binary: string, port: number, env: NodeJS.ProcessEnv, logFile: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const out = openSync(logFile, 'w');
  const server = spawn(binary, [], { env: { PORT: String(port), ...env }, stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise((r) => server.on('exit', r));
  for (let i = 0; i < 50 && spawnSync('curl', ['-fsS', '-o', '/dev/null', `http://127.0.0.1:${port}/`]).status !== 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: server.pid!, stop: async () => { server.kill('SIGTERM'); await exited; } };
}

async function benchApp(): Promise<void> {
  log('hello-app: interleaved against a bare net/http floor and against itself with the request log off, RSS, sizes');
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-bench-app-'));
  const env = { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };
  const build = (pkgDir: string, out: string, pkg = '.') =>
    execFileSync('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', join(dir, out), pkg], { cwd: join(REPO_ROOT, pkgDir), env });
  build('app', 'hello-app', './cmd/hello-app');
  build('app', 'hello-loadgen', './cmd/hello-loadgen');
  build('bench/floor', 'floor');
  const port = 18000 + Math.floor(Math.random() * 2000);
  const load = () => JSON.parse(execFileSync(join(dir, 'hello-loadgen'),
    ['-url', `http://127.0.0.1:${port}/`, '-c', '64', '-d', QUICK ? '3s' : '5s'], { encoding: 'utf8' }));
  // Side by side, alternating: the floor, hello-app with its request log on (to a
  // file, as a container runtime stores it), and the same hello-app with the log
  // off (LOG_LEVEL=error), so all three see the same machine state.
  const floor: any[] = []; const app: any[] = []; const quiet: any[] = []; let rss = 0;
  for (let i = 0; i < (QUICK ? 2 : RUNS); i++) {
    const f = await serve(join(dir, 'floor'), port, {}, join(dir, 'floor.log'));
    floor.push(load());
    await f.stop();
    const a = await serve(join(dir, 'hello-app'), port, { LOG_LEVEL: 'info', DRAIN_DELAY: '0s' }, join(dir, 'hello-app.log'));
    app.push(load());
    rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${a.pid}/status`, 'utf8'))![1]) / 1024;
    await a.stop();
    const q = await serve(join(dir, 'hello-app'), port, { LOG_LEVEL: 'error', DRAIN_DELAY: '0s' }, join(dir, 'hello-app-quiet.log'));
    quiet.push(load());
    await q.stop();
  }
  const perSecond = (server: string, runs: any[]) => runs.map((r, i) => ({ server, run: i + 1, perSecond: r.per_second }));
  charts['app-throughput'] = throughputSpec('hello-app answered per second, 64 connections on loopback: log on, log off, and the bare net/http floor',
    [...perSecond('floor (bench/floor)', floor), ...perSecond('hello-app, request log on', app), ...perSecond('hello-app, log off (LOG_LEVEL=error)', quiet)]);
  const logLines = readFileSync(join(dir, 'hello-app.log'), 'utf8').split('\n').filter((l) => l.includes('"msg":"request"')).length;
  const [appRps, floorRps, appP99, floorP99, appP50] = [
    app.map((r) => r.requests_per_second), floor.map((r) => r.requests_per_second),
    app.map((r) => r.p99_ms), floor.map((r) => r.p99_ms), app.map((r) => r.p50_ms)].map(stats);
  const [quietRps, quietP99] = [quiet.map((r) => r.requests_per_second), quiet.map((r) => r.p99_ms)].map(stats);
  const errors = [...app, ...floor, ...quiet].reduce((n, r) => n + r.errors, 0);
  const rpsRatio = appRps.median / floorRps.median;
  const p99Ratio = appP99.median / floorP99.median;
  const logRps = appRps.median / quietRps.median;
  const logP99 = appP99.median / quietP99.median;
  // Where the gap to the floor is: the app without its log (routing, metrics, headers), then the log.
  const quietFloor = quietRps.median / floorRps.median;
  const perLine = (1 / appRps.median - 1 / quietRps.median) * 1e6;
  const gap = `log off alone is ${quietFloor.toFixed(2)}× the floor, and the log costs ${perLine.toFixed(1)} µs a request (wall, 64 connections on ${cpus().length} cores)`;
  const rate = (s: Stats) => `${s.median.toFixed(0)} req/s (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}, n=${s.runs})`;
  rows.push(
    {
      group: 'hello-app', name: 'throughput with the request log on, 64 connections, loopback', value: rate(appRps),
      target: '≥ 0.9× the floor', note: `${rpsRatio.toFixed(2)}× the floor: ${rpsRatio >= 0.9 ? 'met' : `missed: ${gap}`}; ${logLines} request log lines in the last run; ${errors} errors`,
    },
    { group: 'hello-app', name: 'floor: bare net/http handler, same body, no log (bench/floor)', value: rate(floorRps) },
    {
      group: 'hello-app', name: 'latency p99 (p50)', value: `${fmt(appP99, 'ms')} (p50 ${appP50.median.toFixed(2)} ms)`,
      target: '≤ 1.2× the floor\'s p99', note: `floor ${fmt(floorP99, 'ms')}; ${p99Ratio.toFixed(2)}×: ${p99Ratio <= 1.2 ? 'met' : `missed: log off ${(quietP99.median / floorP99.median).toFixed(2)}× the floor's p99, log on ${logP99.toFixed(2)}× log off`}`,
    },
    {
      group: 'hello-app', name: 'request log on vs off: throughput (the same server with LOG_LEVEL=error)', value: rate(quietRps),
      target: '≥ 0.95× log off', note: `log on ${logRps.toFixed(2)}×: ${logRps >= 0.95 ? 'met' : `missed: each request's log line (JSON, buffered, written by one goroutine) costs ${perLine.toFixed(1)} µs`}`,
    },
    {
      group: 'hello-app', name: 'request log on vs off: latency p99', value: fmt(quietP99, 'ms'),
      target: '≤ 1.05× log off', note: `log on ${fmt(appP99, 'ms')}, ${logP99.toFixed(2)}×: ${logP99 <= 1.05 ? 'met' : `missed: ${perLine.toFixed(1)} µs a request for the log line`}`,
    },
    { group: 'hello-app', name: 'RSS after load', value: `${rss.toFixed(1)} MiB`, target: '≤ 20 MB', note: rss * 1048576 <= 20e6 ? 'met' : 'missed' },
    { group: 'hello-app', name: 'static binary (-s -w, -trimpath)', value: `${(statSync(join(dir, 'hello-app')).size / 1048576).toFixed(2)} MiB` },
  );
  const image = join(REPO_ROOT, 'build', 'image', 'hello-app.oci.tar');
  if (!existsSync(image)) {
    execFileSync('bash', ['app/build-image.sh'], { cwd: REPO_ROOT, stdio: 'ignore' });
  }
  rows.push({ group: 'hello-app', name: 'OCI image archive (FROM scratch)', value: `${(statSync(image).size / 1048576).toFixed(2)} MiB`, target: '≤ 6 MB', note: statSync(image).size <= 6e6 ? 'met' : 'missed' });
}

async function benchDeploy(): Promise<void> {
  if (QUICK) {
    rows.push({ group: 'deploy', name: 'cluster up, pulumi up / preview / destroy vs kubectl', value: 'skipped in --quick (needs the local cluster)' });
    return;
  }
  log('deploy: the local cluster, then pulumi vs kubectl on its two real nodes');
  const work = mkdtempSync(join(tmpdir(), 'hello-k8s-bench-deploy-'));
  const repo = join(work, 'repo');
  for (const f of execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean)) {
    cpSync(join(REPO_ROOT, f), join(repo, f), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo, 'node_modules'));
  const env = { ...process.env, PULUMI_BACKEND_URL: `file://${join(work, 'state')}` };
  const kubeconfig = join(repo, '.cluster', 'kubeconfig');
  const sh = (...args: string[]) => execFileSync('bash', args, { cwd: repo, env, stdio: 'ignore' });
  // `pulumi` itself, as a user runs it, in the environment hack/pulumi.sh gives it (its
  // builds, state, passphrase, provider settings), without that wrapper's own checks.
  const pulumiEnv = () => ({ ...env, ...Object.fromEntries(execFileSync('bash', ['hack/pulumi.sh', 'env'], { cwd: repo, env, encoding: 'utf8' })
    .trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])) });
  const pulumi = (pulumiEnvironment: NodeJS.ProcessEnv, ...args: string[]) => {
    const result = spawnSync(toolBinary('pulumi', versions.PULUMI_VERSION), [...args, '--stack', 'local', '--non-interactive'], { cwd: repo, env: pulumiEnvironment, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`pulumi ${args.join(' ')} failed (${result.status}): ${(result.stdout + result.stderr).slice(-2000)}`);
    }
  };
  // The project's kubectl, of the cluster's own release, never one from PATH.
  const kubectlBin = toolBinary('kubectl', versions.KUBERNETES_VERSION);
  const kubectl = (...args: string[]) => execFileSync(kubectlBin, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
  const once = (fn: () => void) => { const t = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t) / 1e9; };
  const clusterUp: number[] = []; const clusterDown: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t = once(() => sh('hack/local-cluster/cluster.sh', 'up'));
    if (i > 0) clusterUp.push(t); // the first run also builds and imports the images
    if (i < RUNS) clusterDown.push(once(() => sh('hack/local-cluster/cluster.sh', 'down')));
  }
  try {
    const up: number[] = []; const preview: number[] = []; const barePreview: number[] = []; const destroy: number[] = [];
    const cliStart: number[] = []; const sdkLoad: number[] = [];
    const sdkParts = { typescript: [] as number[], pulumi: [] as number[], kubernetes: [] as number[] };
    // What every preview's Node loads, in order, each timed inside the process: TypeScript (ts-node
    // transpiles the program with it, and @pulumi/pulumi's closure serializer requires it), the SDK, the provider's SDK.
    const loadSdks = "const t = () => Number(process.hrtime.bigint()) / 1e9; let at = t(); const took = {}; for (const m of ['typescript', '@pulumi/pulumi', '@pulumi/kubernetes']) { require(m); took[m] = t() - at; at = t(); } console.log(JSON.stringify(took))";
    const apply: number[] = []; const del: number[] = []; const firstReady: number[] = [];
    const url = 'http://127.0.0.1/';
    // Every timed deploy starts from an empty cluster, controllers included. The
    // autoscaler controller keeps a deleted autoscaler's key queued for up to its
    // 15 s sync period, and a new one of the same name inherits that slot: it then
    // scales 1 -> 2 replicas seconds after creation instead of 15 s, and the
    // deploy waits for the second pod. So each create waits out that period.
    let deletedAt = 0;
    const settle = () => {
      const wait = deletedAt + HPA_SYNC_PERIOD_S + 1 - Date.now() / 1000;
      if (wait > 0) execFileSync('sleep', [wait.toFixed(1)]);
    };
    const scaledDuringRun = { up: 0, apply: 0 };
    const autoscaled = () => kubectl('get', 'hpa', 'hello-app', '-n', 'hello-local', '-o', 'jsonpath={.status.lastScaleTime}').trim() !== '';
    for (let i = 0; i < RUNS; i++) {
      settle();
      up.push(once(() => sh('hack/pulumi.sh', 'up'))); // ends with a 200 from the URL
      if (autoscaled()) scaledDuringRun.up++;
      preview.push(once(() => sh('hack/pulumi.sh', 'preview', '--expect-no-changes')));
      const previewEnv = pulumiEnv(); // read outside the timed run
      barePreview.push(once(() => pulumi(previewEnv, 'preview', '--expect-no-changes')));
      // Two parts of every preview, beside it: the CLI starting, and Node loading the SDKs the program imports.
      cliStart.push(once(() => execFileSync(toolBinary('pulumi', versions.PULUMI_VERSION), ['version'], { env: previewEnv, stdio: 'ignore' })));
      let took: Record<string, number> = {};
      sdkLoad.push(once(() => { took = JSON.parse(execFileSync('node', ['-e', loadSdks], { cwd: repo, encoding: 'utf8' })); }));
      sdkParts.typescript.push(took.typescript); sdkParts.pulumi.push(took['@pulumi/pulumi']); sdkParts.kubernetes.push(took['@pulumi/kubernetes']);
      destroy.push(once(() => sh('hack/pulumi.sh', 'destroy')));
      kubectl('wait', '--for=delete', 'namespace/hello-local', '--timeout=120s');
      deletedAt = Date.now() / 1000;
      settle();
      // The same end state `hack/run up` reaches: pods Available, the Service's address, a 200 from the URL.
      // When the first pod turns Ready, noted by one watching kubectl (not by polling
      // inside the timed run, which would slow the baseline down).
      const readyFile = join(work, `first-ready-${i}`);
      const watcher = spawn('sh', ['-c', '"$3" --kubeconfig "$1" get pods -n hello-local --watch '
        + `-o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}{"\\n"}' `
        + '| while read -r ready; do [ "$ready" = True ] && { date +%s.%N >"$2"; break; }; done', 'sh', kubeconfig, readyFile, kubectlBin],
      { detached: true, stdio: 'ignore' });
      const started = Date.now() / 1000;
      apply.push(once(() => {
        kubectl('apply', '-f', join(repo, 'dist', 'local.k8s.yaml'));
        kubectl('rollout', 'status', 'deployment/hello-app', '-n', 'hello-local', '--timeout=300s');
        kubectl('wait', '--for=jsonpath={.status.loadBalancer.ingress[0].ip}', 'service/hello-app', '-n', 'hello-local', '--timeout=120s');
        // Polled like `hack/run up` polls it: every 0.1 s until kube-proxy's rules answer.
        for (let polls = 0; spawnSync('curl', ['-fsS', '-o', '/dev/null', '--max-time', '2', url]).status !== 0 && polls < 100; polls++) execFileSync('sleep', ['0.1']);
      }));
      if (autoscaled()) scaledDuringRun.apply++;
      try { process.kill(-watcher.pid!); } catch { /* already gone */ }
      if (existsSync(readyFile)) firstReady.push(Number(readFileSync(readyFile, 'utf8')) - started);
      del.push(once(() => kubectl('delete', '-f', join(repo, 'dist', 'local.k8s.yaml'), '--wait=true')));
      deletedAt = Date.now() / 1000;
    }
    const scaledNote = `the autoscaler scaled during ${scaledDuringRun.up} of ${RUNS} runs (kubectl: ${scaledDuringRun.apply})`;
    const [u, p, bp, d, a, k, r, cu, cd, cli, sdk] = [up, preview, barePreview, destroy, apply, del, firstReady, clusterUp, clusterDown, cliStart, sdkLoad].map(stats);
    const [tsLoad, pulumiLoad, k8sLoad] = [sdkParts.typescript, sdkParts.pulumi, sdkParts.kubernetes].map(stats);
    const each = (what: string, runs: number[]) => runs.map((seconds) => ({ what, seconds }));
    charts['deploy-runs'] = runsSpec('Every timed run of the deploy rows, on the local cluster', [
      ...each('hack/run cluster up', clusterUp), ...each('hack/run cluster down', clusterDown),
      ...each('hack/pulumi.sh up', up), ...each('kubectl apply + rollout status + wait + first 200', apply),
      ...each('hack/pulumi.sh preview --expect-no-changes', preview), ...each('pulumi preview --expect-no-changes', barePreview), ...each('pulumi destroy', destroy), ...each('kubectl delete --wait', del),
    ]);
    rows.push(
      { group: 'deploy', name: '`hack/run cluster up` (control plane, two nodes, metrics-server; images cached)', value: fmt(cu) },
      { group: 'deploy', name: '`hack/run cluster down` (and host restored)', value: fmt(cd) },
      { group: 'deploy', name: 'first app pod Ready after `kubectl apply`', value: fmt(r) },
      {
        group: 'deploy', name: '`hack/pulumi.sh up` (what `hack/run up` runs), empty to Available and the URL answering', value: fmt(u), target: '≤ 2× kubectl',
        note: `${(u.median / a.median).toFixed(1)}× kubectl: ${u.median <= 2 * a.median ? 'met' : 'missed'}; ${scaledNote}`,
      },
      { group: 'deploy', name: '`kubectl apply` + `rollout status` + `wait` for the LoadBalancer address + first 200', value: fmt(a) },
      { group: 'deploy', name: '`pulumi preview --expect-no-changes` (no-op), the CLI as a user runs it', value: fmt(bp), target: '≤ 3 s',
        note: bp.median <= 3 ? 'met' : `missed: of it, Node loading the SDKs ${sdk.median.toFixed(2)} s (TypeScript ${tsLoad.median.toFixed(2)}, the rest of @pulumi/pulumi ${pulumiLoad.median.toFixed(2)}, @pulumi/kubernetes ${k8sLoad.median.toFixed(2)}) and the CLI starting ${cli.median.toFixed(2)} s, timed beside it; the rest is the language host, the program, the provider and its diff of each resource` },
      { group: 'deploy', name: 'parts of the preview: `pulumi version` / `node` loading typescript, @pulumi/pulumi and @pulumi/kubernetes', value: `${fmt(cli)} / ${fmt(sdk)}` },
      { group: 'deploy', name: '`hack/run preview --expect-no-changes`: the same through the harness\'s wrapper (tools built? cluster up?)', value: fmt(p), note: `+${(p.median - bp.median).toFixed(2)} s for the wrapper's checks` },
      {
        group: 'deploy', name: '`pulumi destroy`', value: fmt(d), target: '≤ 2× kubectl',
        note: `${(d.median / k.median).toFixed(1)}× kubectl delete: ${d.median <= 2 * k.median ? 'met' : 'missed'}`,
      },
      { group: 'deploy', name: '`kubectl delete --wait` (the namespace waits for its pods to be gone)', value: fmt(k) },
    );
    // A release against a plain `pulumi up` of the same kind of change (a greeting), side by
    // side, under the steady load the canary's analysis needs (100 requests/s): the release
    // adds the canary's up, its analysis window (the local environment's 15 s) and the promotion.
    sh('hack/pulumi.sh', 'up');
    const environments = join(repo, 'charts', 'environments.ts');
    const greet = (greeting: string) => {
      writeFileSync(environments, readFileSync(environments, 'utf8').replace(/greeting: '[^']*'/, `greeting: '${greeting}'`));
      execFileSync('npm', ['run', '--silent', 'synth'], { cwd: repo, env, stdio: 'ignore' });
    };
    const load = new LoadGen(url, ['-c', '8', '-rate', '100', '-new-conn', '-d', '900s'], { appDir: join(repo, 'app'), workDir: work, env }); // a pod per connection: the canary gets its share
    const plainUp: number[] = []; const release: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        greet(`Hello, bench ${i}a!`);
        plainUp.push(once(() => sh('hack/pulumi.sh', 'up')));
        greet(`Hello, bench ${i}b!`);
        release.push(once(() => sh('hack/pulumi.sh', 'release')));
      }
    } finally {
      await load.stop();
    }
    const [pu, rl] = [plainUp, release].map(stats);
    rows.push(
      { group: 'deploy', name: '`hack/pulumi.sh up` of a greeting change, under load', value: fmt(pu) },
      {
        group: 'deploy', name: '`npm run release` of a greeting change (canary, 15 s analysis, promote), under load', value: fmt(rl),
        note: `${(rl.median / pu.median).toFixed(1)}× the plain up, ${(rl.median - pu.median).toFixed(1)} s more: the analysis window is most of it`,
      },
    );
  } finally {
    spawnSync('bash', ['hack/local-cluster/cluster.sh', 'down'], { cwd: repo, env, stdio: 'ignore' });
  }
}

/**
 * The medians of the report a run replaces, by row, and the ground it ran on
 * (its Node and Pulumi lines): what moved is read side by side with what is.
 */
function previousRun(file: string): { values: Map<string, string>; ground: string } {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const values = new Map<string, string>();
  const header = /^\| Group \| What \| Median \(min, max\) \|( Previous run \|)?/m.exec(text);
  for (const line of text.split('\n').filter((l) => /^\| \w/.test(l) && !l.startsWith('| Group'))) {
    const cells = line.split(' | ');
    values.set(cells[1], (cells[2] ?? '').replace(/ \(min.*\)$/, ''));
  }
  const ground = [/^- (Node .*)$/m, /^- (Pulumi CLI [^,]*)/m].map((re) => re.exec(text)?.[1]).filter(Boolean).join('; ');
  return { values: header ? values : new Map(), ground: ground || 'none' };
}

function machine(): string {
  const tool = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim().split('\n')[0] ?? 'n/a';
  return [
    `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    `- Node ${process.version}, ${tool('go', ['version'])}`,
    `- Pulumi CLI ${versions.PULUMI_VERSION}, pulumi-resource-kubernetes ${versions.PULUMI_KUBERNETES_VERSION}, Kubernetes ${versions.KUBERNETES_VERSION} (control plane + two real nodes: kubelet, kube-proxy, containerd, kube-network-policies)`,
    `- Mode: ${QUICK ? '--quick (fewer runs; unit tier and deploy skipped)' : `full, ${RUNS} runs per row after one warm-up`}`,
  ].join('\n');
}

/** Figures from another Node would not be this project's: package.json's engines name the one it runs on. */
function requireProjectNode(): void {
  const engines: string = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).engines.node;
  const major = />=\s*(\d+)/.exec(engines)?.[1];
  if (process.versions.node.split('.')[0] !== major) {
    throw new Error(`node ${process.version} (${process.execPath}) is not the project's Node.js ${engines} (package.json engines): put it first on PATH`);
  }
}

const FIRST_RUN_ROW = 'first `npm ci && hack/run up` on a fresh machine: a fresh Debian root, empty tool, Go build and Go module caches (`hack/run fresh-host --cold --no-test`)';

/**
 * A new user's first run, tools built from nothing: the fresh-host test with
 * empty caches. It prints how long `npm ci && hack/run up` took inside.
 */
function benchFirstRun(): Row {
  log('first run: hack/fresh-host/run.sh --cold --no-test (about 50 minutes)');
  const result = spawnSync('bash', [join(REPO_ROOT, 'hack', 'fresh-host', 'run.sh'), '--cold', '--no-test'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  const output = `${result.stdout}${result.stderr}`;
  const took = /`npm ci && hack\/run up` took (\d+) s/.exec(output)?.[1];
  if (result.status !== 0 || !took) {
    throw new Error(`the fresh-host test failed (exit ${result.status}); its log is build/fresh-host.log`);
  }
  const minutes = Number(took) / 60;
  return { group: 'first run', name: FIRST_RUN_ROW, value: `${minutes.toFixed(1)} min (once, ${new Date().toISOString().slice(0, 10)})`, target: '≤ 30 min',
    note: minutes <= 30 ? 'met' : 'missed: the from-source tool builds (hack/tools) are most of it' };
}

/** The first-run row as the file's last `--first-run` wrote it (that run is long: it is not repeated with the others). */
function previousFirstRun(file: string): Row | undefined {
  const line = (existsSync(file) ? readFileSync(file, 'utf8') : '').split('\n').find((l) => l.startsWith('| first run | '));
  if (!line) {
    return undefined;
  }
  const [group, name, value, , target, note] = line.slice(2, -2).split(' | ');
  return { group, name, value, target, note };
}

async function main(): Promise<void> {
  requireProjectNode();
  const started = Date.now();
  const resultsFile = join(REPO_ROOT, 'bench', 'RESULTS.md');
  if (FIRST_RUN) {
    const row = benchFirstRun();
    const text = readFileSync(resultsFile, 'utf8');
    const line = `| ${row.group} | ${row.name} | ${row.value} | ${previousFirstRun(resultsFile)?.value ?? ''} | ${row.target} | ${row.note} |`;
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('| first run | '));
    if (at >= 0) {
      lines[at] = line;
    } else {
      lines.splice(lines.findIndex((l) => l.startsWith('| --- ')) + 1, 0, line);
    }
    writeFileSync(resultsFile, lines.join('\n'));
    process.stdout.write(`${line}\n`);
    return;
  }
  const firstRun = previousFirstRun(resultsFile);
  rows.push(firstRun ?? { group: 'first run', name: FIRST_RUN_ROW, value: 'not measured: run `hack/run bench --first-run`', target: '≤ 30 min' });
  benchSynth();
  benchScale();
  benchUnitTier();
  benchFreshClone();
  await benchApp();
  await benchDeploy();
  const before = previousRun(resultsFile);
  const table = ['| Group | What | Median (min, max) | Previous run | Target | Note |', '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.group} | ${r.name} | ${r.value} | ${before.values.get(r.name) ?? ''} | ${r.target ?? ''} | ${r.note ?? ''} |`)].join('\n');
  const svgs = writeCharts(join(REPO_ROOT, 'bench', 'charts'), charts).map((f) => `charts/${basename(f)}`);
  const pictures = svgs.map((f) => `![${basename(f, '.svg')}](${f})`).join('\n\n');
  const report = `# Benchmark results\n\nWritten by \`hack/run bench${QUICK ? ' -- --quick' : ''}\`; wall-clock times on this machine.\n\n${machine()}\n- Previous run: the medians of the report this one replaced (${before.ground})\n\n${table}\n\n${pictures}\n\nTotal bench time: ${((Date.now() - started) / 1000).toFixed(0)} s.\n`;
  writeFileSync(resultsFile, report);
  process.stdout.write(report);
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
