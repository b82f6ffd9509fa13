import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { UsageError } from '../scripts/cli';

const ENVIRONMENT_FILE = /^(.+)\.k8s\.yaml$/;

/** The manifests dist/ holds in the working tree, by environment (file name without .k8s.yaml). */
export function distInWorkingTree(repoRoot: string): Map<string, string> {
  const dist = join(repoRoot, 'dist');
  return new Map(readdirSync(dist).sort().flatMap((f) => {
    const match = ENVIRONMENT_FILE.exec(f);
    return match ? [[match[1], readFileSync(join(dist, f), 'utf8')] as const] : [];
  }));
}

/**
 * The manifests dist/ held at a git ref. dist/ is committed and `npm test`
 * keeps it equal to what the charts synthesize, so a ref's dist/ is what that
 * ref deploys: nothing needs rendering.
 */
export function distAtRef(repoRoot: string, ref: string): Map<string, string> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const commit = baseCommit(repoRoot, ref);
  const files = git('ls-tree', '--name-only', commit, 'dist/').split('\n').filter(Boolean).map((p) => p.slice('dist/'.length)).sort();
  return new Map(files.flatMap((f) => {
    const match = ENVIRONMENT_FILE.exec(f);
    return match ? [[match[1], git('show', `${commit}:dist/${f}`)] as const] : [];
  }));
}

/**
 * The commit a `--base` ref names; a UsageError naming it when it names none.
 * (`rev-parse --quiet` exits 1 for that; any other failure is git's own.)
 */
export function baseCommit(repoRoot: string, ref: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err: any) {
    if (err.status === 1) {
      throw new UsageError(`--base ${ref}: not a commit in this repository (try origin/main, a branch or a sha)`);
    }
    throw new Error(`git rev-parse ${ref}: ${String(err.stderr ?? err.message).trim().split('\n')[0]}`);
  }
}
