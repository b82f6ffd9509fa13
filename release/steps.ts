// The release's steps on one stack, each one `pulumi` command from PATH. The
// canary step runs with a copy of the stack's config file that adds
// `hello-k8s:releaseStep: canary`, and targets only the canary's resources:
// Pulumi leaves every other resource exactly as deployed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import { parseDocument } from 'yaml';
import { run } from '../scripts/run';

/** Every resource of the canary: its ConfigGroup (hello-app-canary) and the objects in it. */
export const CANARY_TARGET = '**hello-app-canary**';

export interface ReleaseStack {
  /** The project folder (Pulumi.yaml, dist/). */
  readonly root: string;
  readonly stack: string;
  /** The stack's config file. @default `<root>/Pulumi.<stack>.yaml` */
  readonly configFile?: string;
  /** The environment `pulumi` runs in (its backend, passphrase). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default "pulumi" (from PATH) */
  readonly pulumi?: string;
}

const configFileOf = (s: ReleaseStack) => s.configFile ?? join(s.root, `Pulumi.${s.stack}.yaml`);
const pulumi = (s: ReleaseStack, configFile: string, ...args: string[]) => run(s.root, s.env ?? process.env, s.pulumi ?? 'pulumi',
  ...args, '--stack', s.stack, '--config-file', configFile, '--non-interactive', '--yes', '--skip-preview');

/** The canary beside the stable objects; the stable ones untouched. Its seconds. */
export function canaryUp(s: ReleaseStack): number {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-release-'));
  try {
    const doc = parseDocument(readFileSync(configFileOf(s), 'utf8'));
    doc.setIn(['config', 'hello-k8s:releaseStep'], 'canary');
    const configFile = join(dir, basename(configFileOf(s)));
    writeFileSync(configFile, doc.toString());
    return pulumi(s, configFile, 'up', '--target', CANARY_TARGET);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The new dist/ applied to the stable objects, the canary removed: a plain `pulumi up`. */
export function promote(s: ReleaseStack): number {
  return pulumi(s, configFileOf(s), 'up');
}

/** The canary removed, nothing else touched. */
export function rollBack(s: ReleaseStack): number {
  return pulumi(s, configFileOf(s), 'destroy', '--target', CANARY_TARGET);
}
