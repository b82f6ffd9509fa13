// `npm run pr:deploy -- --base <ref> [--output file.md]`: every pull request
// deployed before review. On the project's local cluster, deploys the base
// ref's dist/ (from a git worktree), then this tree's, with `npm run up`, while
// hello-loadgen sends steady load through the URL; writes the figures
// (build/pr-deploy.json) and the comment's Markdown (hack/pr-deploy/report.ts).
// The pull-request workflow runs exactly this. Needs root, like the cluster.
import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { baseCommit } from '../../diff/dist-files';
import { parseOptions, runMain, UsageError } from '../../scripts/cli';
import { LoadGen, LoadResult } from '../loadgen';
import { DeployFigures, renderDeployReport } from './report';

const ROOT = join(__dirname, '..', '..');
const URL = 'http://127.0.0.1/'; // the local cluster's load-balancer address for the app's Service
const NS = 'hello-local';
const USAGE = 'usage: npm run pr:deploy -- --base <git-ref> [--output file.md]';

const log = (message: string) => process.stderr.write(`[pr-deploy ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Runs a command with its output passed through; throws naming it when it fails. */
function run(cwd: string, env: NodeJS.ProcessEnv, cmd: string, ...args: string[]): number {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} exited ${result.status ?? result.signal}`);
  }
  return (Date.now() - started) / 1000;
}

async function main(): Promise<void> {
  const { values } = parseOptions(process.argv.slice(2), USAGE, { base: { type: 'string' }, output: { type: 'string' } });
  if (!values.base) {
    throw new UsageError(`--base: required (${USAGE})`);
  }
  baseCommit(ROOT, values.base); // a bad ref is one line, before the worktree or the cluster is touched
  const work = mkdtempSync(join(tmpdir(), 'hello-k8s-pr-deploy-'));
  const baseTree = join(work, 'base');
  // Its own Pulumi state: the run never touches the developer's stack.
  const env = { ...process.env, PULUMI_BACKEND_URL: `file://${join(work, 'state')}`, STACK: 'local', GOTOOLCHAIN: 'local' };
  execFileSync('git', ['worktree', 'add', '--detach', baseTree, values.base], { cwd: ROOT, stdio: 'ignore' });
  try {
    // The base tree shares this tree's packages, and deploys to its cluster (useThisCluster).
    symlinkSync(join(ROOT, 'node_modules'), join(baseTree, 'node_modules'));
    run(ROOT, env, 'bash', 'hack/local-cluster/cluster.sh', 'up');
    if (spawnSync('bash', ['hack/kubectl.sh', 'get', 'namespace', NS], { cwd: ROOT, stdio: 'ignore' }).status === 0) {
      throw new Error(`the local cluster already runs the app (namespace ${NS}): this run deploys and removes its own copy, so \`npm run destroy\` first`);
    }
    useThisCluster(baseTree);
    run(ROOT, env, 'bash', 'hack/local-cluster/cluster.sh', 'push-image', baseTree);
    log(`deploying ${values.base}'s dist/`);
    const baseDeploySeconds = run(baseTree, env, 'bash', 'hack/pulumi.sh', 'up');
    // Steady load at a fixed rate, bounded at 15 min; stopped once the change is over.
    const load = new LoadGen(URL, ['-c', '8', '-rate', '100', '-d', '900s'], { appDir: join(ROOT, 'app'), workDir: work, env });
    await new Promise((r) => setTimeout(r, 3000)); // steady before the change
    let deploySeconds: number;
    let measured: LoadResult;
    const deployStartedAt = (Date.now() - load.startedAt) / 1000;
    try {
      log('deploying this tree\'s dist/ under load');
      deploySeconds = run(ROOT, env, 'bash', 'hack/pulumi.sh', 'up');
      await new Promise((r) => setTimeout(r, 3000)); // and after it
    } finally {
      measured = await load.stop();
    }
    const figures: DeployFigures = {
      base: values.base,
      url: URL,
      answer: answer(),
      load: measured,
      pods: pods(),
      baseDeploySeconds,
      deploySeconds,
      deployStartedAt,
    };
    run(ROOT, env, 'bash', 'hack/pulumi.sh', 'destroy');
    mkdirSync(join(ROOT, 'build'), { recursive: true });
    writeFileSync(join(ROOT, 'build', 'pr-deploy.json'), `${JSON.stringify(figures, null, 2)}\n`);
    const report = renderDeployReport(figures);
    if (values.output) {
      writeFileSync(values.output, report);
    }
    process.stdout.write(report);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', baseTree], { cwd: ROOT, stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Points the base tree's local stack at the cluster this tree started, through
 * its kubeconfig (`hello-k8s:kubeconfig`), so the base's own cluster scripts,
 * which may differ from this tree's, never run.
 */
function useThisCluster(baseTree: string): void {
  const file = join(baseTree, 'Pulumi.local.yaml');
  const text = readFileSync(file, 'utf8');
  const pointed = text.replace(/^config:\n/m, `config:\n  hello-k8s:kubeconfig: ${join(ROOT, '.cluster', 'pulumi.kubeconfig')}\n`);
  if (pointed === text) {
    throw new Error(`${file} has no config: section to point at this cluster`);
  }
  writeFileSync(file, pointed);
}

/** The first line of the URL's answer, from a real container. */
function answer(): string {
  const result = spawnSync('curl', ['-fsS', '--max-time', '5', URL], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n')[0] : `no answer: ${result.stderr.trim()}`;
}

/** The app's pods and their containers' restarts, through the project's kubectl. */
function pods(): { name: string; restarts: number }[] {
  const kubectl = spawnSync('bash', ['hack/kubectl.sh', 'get', 'pods', '-n', NS, '-l', 'app.kubernetes.io/name=hello-app', '-o', 'json'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (kubectl.status !== 0) {
    throw new Error(`kubectl get pods: ${kubectl.stderr.trim()}`);
  }
  return JSON.parse(kubectl.stdout).items
    .filter((p: any) => !p.metadata.deletionTimestamp)
    .map((p: any) => ({ name: p.metadata.name, restarts: (p.status.containerStatuses ?? []).reduce((s: number, c: any) => s + c.restartCount, 0) }))
    .sort((a: any, b: any) => a.name.localeCompare(b.name));
}

void runMain('pr:deploy', async () => { await main(); return 0; });
