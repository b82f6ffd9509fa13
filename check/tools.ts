import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

/** The Go modules that pin the check's tools (their `tool` blocks): its own, and the linters'. */
const MODULE_DIR = __dirname;
const LINTERS_DIR = join(__dirname, 'linters');
const TOOLS = ['k8s-schema', 'k8s-validate', 'kube-score', 'actionlint'] as const;
/** What the digest of the tools' folder covers: a change to any of them means a rebuild. */
const SOURCES = ['go.mod', 'go.sum', 'cmd/k8s-schema/main.go', 'cmd/k8s-validate/main.go', 'linters/go.mod', 'linters/go.sum'];

/** The Kubernetes release the check validates against: check/go.mod's k8s.io/kubernetes. */
export function kubernetesVersion(): string {
  const match = /^\s*k8s\.io\/kubernetes v(\d+\.\d+\.\d+)/m.exec(readFileSync(join(MODULE_DIR, 'go.mod'), 'utf8'));
  if (!match) {
    throw new Error('check/go.mod does not require k8s.io/kubernetes');
  }
  return match[1];
}

export interface CheckTools {
  readonly schemaFile: string;
  readonly kubeScore: string;
  readonly k8sValidate: string;
  readonly actionlint: string;
  /** The Pod Security Standards level and version, e.g. restricted:v1.28. */
  readonly podSecurity: string;
  readonly validatorCache: string;
}

/**
 * The check's tools, built once from check/go.mod and check/linters/go.mod with
 * `go build` into node_modules/.cache, in a folder named by a digest of the
 * modules and sources (running them through `go tool` costs half a second of every check).
 */
export function checkTools(): CheckTools {
  const digest = createHash('sha256');
  for (const file of SOURCES) {
    digest.update(readFileSync(join(MODULE_DIR, file)));
  }
  const dir = join(MODULE_DIR, '..', 'node_modules', '.cache', 'hello-k8s-check', digest.digest('hex').slice(0, 16));
  const version = kubernetesVersion();
  const schemaFile = join(dir, `kubernetes-${version}.schema.json`);
  if (!existsSync(schemaFile)) {
    buildTools(dir, schemaFile);
  }
  const [major, minor] = version.split('.');
  const bin = (tool: typeof TOOLS[number]) => join(dir, 'bin', tool);
  return {
    schemaFile,
    kubeScore: bin('kube-score'),
    k8sValidate: bin('k8s-validate'),
    actionlint: bin('actionlint'),
    podSecurity: `restricted:v${major}.${minor}`,
    validatorCache: join(dir, 'validators'),
  };
}

/** Builds every tool and the JSON Schema of the pinned release into a staging folder, then renames it into place. */
function buildTools(dir: string, schemaFile: string): void {
  process.stderr.write(`check: building its tools (${TOOLS.join(', ')}) from check/go.mod and check/linters/go.mod, once\n`);
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'bin'), { recursive: true });
  const go = (cwd: string, ...args: string[]) => execFileSync('go', args, {
    cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
  });
  go(MODULE_DIR, 'build', '-trimpath', '-o', join(staging, 'bin') + '/', './cmd/k8s-schema', './cmd/k8s-validate');
  go(LINTERS_DIR, 'build', '-trimpath', '-o', join(staging, 'bin') + '/', 'tool');
  const spec = join(go(MODULE_DIR, 'list', '-m', '-f', '{{.Dir}}', 'k8s.io/kubernetes').trim(), 'api', 'openapi-spec', 'v3');
  writeFileSync(join(staging, schemaFile.slice(dir.length + 1)), execFileSync(join(staging, 'bin', 'k8s-schema'), [spec], { maxBuffer: 256 << 20 }));
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}
