import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

/** The Go modules that pin the check's tools: its own, and the linters'. */
const MODULE_DIR = __dirname;
const LINTERS_DIR = join(__dirname, 'linters');
const RELEASE_TOOLS = ['k8s-schema', 'k8s-validate'] as const;

/**
 * A Kubernetes release the check validates against, pinned by a Go module file
 * in check/: `go.mod` pins the release the clusters run (the minor
 * deploy/clusters/kubernetes-version.ts names), and `go.<minor>.mod` the API level
 * the constructs are written against (cdk8s-plus-28: go.1.28.mod). The same
 * sources in cmd/ build against each (`go build -modfile`).
 */
export interface KubernetesRelease {
  /** e.g. 1.37.2 */
  readonly version: string;
  /** e.g. 1.37 */
  readonly minor: string;
  /** The module file in check/ that pins it. */
  readonly modfile: string;
}

/** Every release the check validates against, oldest first. */
export function kubernetesReleases(): KubernetesRelease[] {
  return readdirSync(MODULE_DIR).filter((f) => /^go(\.\d+\.\d+)?\.mod$/.test(f)).map((modfile) => {
    const match = /^\s*k8s\.io\/kubernetes v(\d+)\.(\d+)\.(\d+)/m.exec(readFileSync(join(MODULE_DIR, modfile), 'utf8'));
    if (!match) {
      throw new Error(`check/${modfile} does not require k8s.io/kubernetes`);
    }
    const minor = `${match[1]}.${match[2]}`;
    if (modfile !== 'go.mod' && modfile !== `go.${minor}.mod`) {
      throw new Error(`check/${modfile} pins k8s.io/kubernetes v${minor}.${match[3]}: name it go.${minor}.mod`);
    }
    return { version: `${minor}.${match[3]}`, minor, modfile };
  }).sort((a, b) => Number(a.minor.split('.')[1]) - Number(b.minor.split('.')[1]));
}

/** The release the clusters run: check/go.mod's k8s.io/kubernetes. */
export function clusterRelease(): KubernetesRelease {
  return kubernetesReleases().find((r) => r.modfile === 'go.mod')!;
}

/** One release's tools: its JSON Schema, the API server's validation, and its Pod Security Standards. */
export interface ReleaseTools {
  readonly release: KubernetesRelease;
  readonly schemaFile: string;
  readonly k8sValidate: string;
  /** The Pod Security Standards level and version, e.g. restricted:v1.37. */
  readonly podSecurity: string;
  readonly validatorCache: string;
}

export interface CheckTools {
  readonly releases: ReleaseTools[];
  readonly kubeScore: string;
  readonly actionlint: string;
}

/**
 * Where built tools are kept: the user's cache (`$XDG_CACHE_HOME`, else
 * ~/.cache, as Go's own build cache), so `npm ci` and a new clone keep them.
 */
export function toolsCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hello-k8s-check');
}

/**
 * The key of a build: a digest of the module files and sources it is built
 * from, by content (a change to any of them is a new folder, never a stale one).
 */
export function toolsDigest(moduleDir: string = MODULE_DIR): string {
  const digest = createHash('sha256');
  for (const file of sources(moduleDir)) {
    digest.update(file).update(readFileSync(join(moduleDir, file)));
  }
  return digest.digest('hex').slice(0, 16);
}

/**
 * The check's tools, built once with `go build` into the user's cache, in a
 * folder named by their digest (running them through `go tool` costs half a
 * second of every check).
 */
export function checkTools(): CheckTools {
  const releases = kubernetesReleases();
  const dir = join(toolsCacheRoot(), toolsDigest());
  const releaseDir = (r: KubernetesRelease) => join(dir, `kubernetes-${r.version}`);
  const schemaFile = (r: KubernetesRelease) => join(releaseDir(r), 'schema.json');
  if (!releases.every((r) => existsSync(schemaFile(r)))) {
    buildTools(dir, releases);
  }
  return {
    releases: releases.map((release) => ({
      release,
      schemaFile: schemaFile(release),
      k8sValidate: join(releaseDir(release), 'k8s-validate'),
      podSecurity: `restricted:v${release.minor}`,
      validatorCache: join(releaseDir(release), 'validators'),
    })),
    kubeScore: join(dir, 'bin', 'kube-score'),
    actionlint: join(dir, 'bin', 'actionlint'),
  };
}

/** What the tools' digest covers: a change to any of these means a rebuild. */
function sources(moduleDir: string): string[] {
  const goFiles = (sub: string): string[] => readdirSync(join(moduleDir, sub), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? goFiles(join(sub, e.name)) : e.name.endsWith('.go') ? [join(sub, e.name)] : []);
  const modules = readdirSync(moduleDir).filter((f) => /^go(\.\d+\.\d+)?\.(mod|sum)$/.test(f));
  return [...modules, ...goFiles('cmd'), 'linters/go.mod', 'linters/go.sum'].sort();
}

/**
 * Builds each release's tools and JSON Schema, and the linters, into a staging
 * folder, then renames it into place.
 */
function buildTools(dir: string, releases: KubernetesRelease[]): void {
  process.stderr.write(`check: building its tools once: ${RELEASE_TOOLS.join(' and ')} for Kubernetes ${releases.map((r) => r.version).join(' and ')}, kube-score, actionlint\n`);
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'bin'), { recursive: true });
  const go = (cwd: string, ...args: string[]) => execFileSync('go', args, {
    cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
  });
  for (const release of releases) {
    const out = join(staging, `kubernetes-${release.version}`);
    mkdirSync(out);
    const modfile = `-modfile=${release.modfile}`;
    go(MODULE_DIR, 'build', modfile, '-trimpath', '-o', out + '/', ...RELEASE_TOOLS.map((t) => `./cmd/${t}`));
    const spec = join(go(MODULE_DIR, 'list', modfile, '-m', '-f', '{{.Dir}}', 'k8s.io/kubernetes').trim(), 'api', 'openapi-spec', 'v3');
    writeFileSync(join(out, 'schema.json'), execFileSync(join(out, 'k8s-schema'), [spec], { maxBuffer: 256 << 20 }));
  }
  go(LINTERS_DIR, 'build', '-trimpath', '-o', join(staging, 'bin') + '/', 'tool');
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}
