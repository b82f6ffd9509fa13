// The release's steps on the developer's own stack, each one `pulumi` command
// from PATH. The canary step runs with a copy of the stack's config file that
// adds `hello-k8s:releaseStep: canary`, and targets only the canary's
// resources: Pulumi leaves every other resource exactly as deployed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseDocument } from 'yaml';
import { run } from '../scripts/run';

/** Every resource of the canary: its ConfigGroup (hello-app-canary) and the objects in it. */
export const CANARY_TARGET = '**hello-app-canary**';

export interface ReleaseStack {
  /** The project folder (Pulumi.yaml, Pulumi.<stack>.yaml, dist/). */
  readonly root: string;
  readonly stack: string;
  /** @default "pulumi" (from PATH) */
  readonly pulumi?: string;
}

const flags = (s: ReleaseStack) => ['--stack', s.stack, '--non-interactive', '--yes', '--skip-preview'];

/** The canary beside the stable objects; the stable ones untouched. Its seconds. */
export function canaryUp(s: ReleaseStack): number {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-release-'));
  try {
    const doc = parseDocument(readFileSync(join(s.root, `Pulumi.${s.stack}.yaml`), 'utf8'));
    doc.setIn(['config', 'hello-k8s:releaseStep'], 'canary');
    const configFile = join(dir, `Pulumi.${s.stack}.yaml`);
    writeFileSync(configFile, doc.toString());
    return run(s.root, process.env, s.pulumi ?? 'pulumi', 'up', ...flags(s), '--config-file', configFile, '--target', CANARY_TARGET);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The new dist/ applied to the stable objects, the canary removed: a plain `pulumi up`. */
export function promote(s: ReleaseStack): number {
  return run(s.root, process.env, s.pulumi ?? 'pulumi', 'up', ...flags(s));
}

/** The canary removed, nothing else touched. */
export function rollBack(s: ReleaseStack): number {
  return run(s.root, process.env, s.pulumi ?? 'pulumi', 'destroy', ...flags(s), '--target', CANARY_TARGET);
}
