// `npm run pr:deploy -- --base <ref> [--kubeconfig F] [--context C] [--load-image CMD] [--canary] [--output file.md]`:
// every pull request deployed before review, on any cluster. Deploys the base
// ref's dist/ (from a git worktree), then this tree's, with `pulumi up` on a
// throwaway stack (pr-deploy/stack.ts), or with --canary through the release's
// steps (release/release.ts: canary, analysis, promote or roll back), while
// hello-loadgen sends steady load through the stack's `url`; then removes its
// deploy. Writes the figures (build/pr-deploy.json) and the pull-request
// comment's Markdown (report.ts). Exit 1 when the canary was rolled back.
// Needs: git, Go (the load generator), `pulumi` and `kubectl` on PATH, and a
// cluster whose LoadBalancer Services get an address this machine reaches.
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { homedir, tmpdir } from 'os';
import { delimiter, join, resolve } from 'path';
import { parseAllDocuments } from 'yaml';
import { baseCommit } from '../diff/dist-files';
import { parseOptions, runMain, UsageError } from '../scripts/cli';
import { LoadGen, LoadResult } from './loadgen';
import { DeployFigures, renderDeployReport } from './report';
import { readPlan } from '../release/plan';
import { runRelease } from '../release/release';
import type { ReleaseFigures } from '../release/report';
import { publish, run } from '../scripts/run';
import { ThrowawayStack } from './stack';

const ROOT = join(__dirname, '..');
const ENVIRONMENT = 'local';
const USAGE = 'usage: npm run pr:deploy -- --base <git-ref> [--kubeconfig file] [--context name] [--load-image command] [--canary] [--output file.md]';
const OPTIONS = {
  base: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'load-image': { type: 'string' },
  canary: { type: 'boolean', default: false },
  output: { type: 'string' },
} as const;

const log = (message: string) => process.stderr.write(`[pr-deploy ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a run was asked to do, checked before anything is touched. */
interface Request {
  readonly base: string;
  readonly kubeconfig: string;
  readonly context?: string;
  /** Run in each tree after `npm run image`, e.g. `kind load image-archive build/image/hello-app.oci.tar`. */
  readonly loadImage?: string;
  /** This tree goes out through the release's canary steps, not one `pulumi up`. */
  readonly canary: boolean;
  readonly output?: string;
}

function request(args: string[]): Request {
  const { values } = parseOptions(args, USAGE, OPTIONS);
  if (!values.base) {
    throw new UsageError(`--base: required (${USAGE})`);
  }
  // kubectl's own default: the first file of $KUBECONFIG, else ~/.kube/config.
  const kubeconfig = resolve(values.kubeconfig ?? (process.env.KUBECONFIG?.split(delimiter)[0] || join(homedir(), '.kube', 'config')));
  if (!existsSync(kubeconfig)) {
    throw new UsageError(`--kubeconfig: ${kubeconfig} does not exist (${USAGE})`);
  }
  baseCommit(ROOT, values.base); // a bad ref is one line (test/diff/dist-files.test.ts), before the worktree or the cluster is touched
  return { base: values.base, kubeconfig, context: values.context, loadImage: values['load-image'], canary: values.canary!, output: values.output };
}

async function main(): Promise<number> {
  const req = request(process.argv.slice(2));
  const kubectl = (...args: string[]) => ['kubectl', '--kubeconfig', req.kubeconfig, ...(req.context ? ['--context', req.context] : []), ...args];
  const namespace = distNamespace(ROOT);
  const [cmd, ...probe] = kubectl('get', 'namespace', namespace);
  if (spawnSync(cmd, probe, { stdio: 'ignore' }).status === 0) {
    throw new Error(`the cluster already runs the app (namespace ${namespace}): this run deploys and removes its own copy, so remove that one first`);
  }
  const work = mkdtempSync(join(tmpdir(), 'hello-k8s-pr-deploy-'));
  const baseTree = join(work, 'base');
  execFileSync('git', ['worktree', 'add', '--detach', baseTree, req.base], { cwd: ROOT, stdio: 'ignore' });
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(baseTree, 'node_modules')); // the base tree shares this tree's packages
    const stack = new ThrowawayStack({ workDir: work, projectDir: ROOT, kubeconfig: req.kubeconfig, context: req.context, environment: ENVIRONMENT });
    let figures: DeployFigures;
    let release: ReleaseFigures | undefined;
    try {
      loadImage(baseTree, req.loadImage);
      loadImage(ROOT, req.loadImage);
      log(`deploying ${req.base}'s dist/`);
      const baseDeploySeconds = stack.up(baseTree);
      const url = stack.output(baseTree, 'url');
      // Steady load at a fixed rate, bounded at 15 min; stopped once the change is over. A canary
      // gets its replica share of new connections only, so then each request opens its own.
      const loadArgs = ['-c', '8', '-rate', '100', '-d', '900s', ...(req.canary ? ['-new-conn'] : [])];
      const load = new LoadGen(url, loadArgs, { appDir: join(ROOT, 'app'), workDir: work, env: process.env });
      await pause(3000); // steady before the change
      let deploySeconds: number;
      let measured: LoadResult;
      const deployStartedAt = (Date.now() - load.startedAt) / 1000;
      try {
        if (req.canary) {
          log('releasing this tree\'s dist/ through a canary under load');
          const started = Date.now();
          release = await runRelease(stack.releaseStack(ROOT), readPlan(distFile(ROOT), distFile(ROOT, '-canary')),
            { kubectl: 'kubectl', kubeconfig: req.kubeconfig, context: req.context }, log);
          deploySeconds = (Date.now() - started) / 1000;
        } else {
          log('deploying this tree\'s dist/ under load');
          deploySeconds = stack.up(ROOT);
        }
        await pause(3000); // and after it
      } finally {
        measured = await load.stop();
      }
      figures = {
        base: req.base, cluster: req.context ?? currentContext(req.kubeconfig), url, answer: answer(url), load: measured,
        pods: pods(kubectl('get', 'pods', '-n', stack.output(ROOT, 'namespace'), '-l', 'app.kubernetes.io/name=hello-app', '-o', 'json')),
        baseDeploySeconds, deploySeconds, deployStartedAt, release,
      };
    } finally {
      log('removing this run\'s deploy');
      stack.destroy(ROOT);
    }
    publish(ROOT, 'pr-deploy', figures, renderDeployReport(figures), req.output);
    return release?.verdict.decision === 'rollback' ? 1 : 0;
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', baseTree], { cwd: ROOT, stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  }
}

/** The tree's app image built (`npm run image`) and handed to the cluster by the given command, in that tree. */
function loadImage(tree: string, command: string | undefined): void {
  if (!command) {
    return; // the cluster pulls the reference dist/ pins
  }
  run(tree, process.env, 'npm', 'run', '--silent', 'image');
  log(`${tree}: ${command}`);
  run(tree, process.env, 'sh', '-c', command);
}

/** The environment's dist/ file, or its canary's. */
const distFile = (root: string, suffix = '') => join(root, 'dist', `${ENVIRONMENT}${suffix}.k8s.yaml`);

/** The Namespace the environment's dist/ file declares. */
function distNamespace(root: string): string {
  const docs = parseAllDocuments(readFileSync(distFile(root), 'utf8')).map((d) => d.toJS());
  const namespace = docs.find((o) => o?.kind === 'Namespace')?.metadata?.name;
  if (!namespace) {
    throw new Error(`dist/${ENVIRONMENT}.k8s.yaml declares no Namespace`);
  }
  return namespace;
}

/** The kubeconfig's current context, for the report. */
function currentContext(kubeconfig: string): string | undefined {
  const result = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'config', 'current-context'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The first line of the URL's answer, from a real container. */
function answer(url: string): string {
  const result = spawnSync('curl', ['-fsS', '--max-time', '5', url], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n')[0] : `no answer: ${result.stderr.trim()}`;
}

/** The app's pods and their containers' restarts. */
function pods([cmd, ...args]: string[]): { name: string; restarts: number }[] {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (result.status !== 0) {
    throw new Error(`kubectl get pods: ${result.stderr.trim()}`);
  }
  return JSON.parse(result.stdout).items
    .filter((p: any) => !p.metadata.deletionTimestamp)
    .map((p: any) => ({ name: p.metadata.name, restarts: (p.status.containerStatuses ?? []).reduce((s: number, c: any) => s + c.restartCount, 0) }))
    .sort((a: any, b: any) => a.name.localeCompare(b.name));
}

void runMain('pr:deploy', main);
