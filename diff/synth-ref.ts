import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Synthesizes a git ref in a temporary worktree (the checkout is untouched)
 * and returns its manifests by environment (file name without .k8s.yaml).
 */
export function synthesizeRef(repoRoot: string, ref: string): Map<string, string> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`).trim();
  const worktree = join(mkdtempSync(join(tmpdir(), 'hello-k8s-diff-')), 'base');
  git('worktree', 'add', '--detach', worktree, commit);
  try {
    symlinkSync(join(repoRoot, 'node_modules'), join(worktree, 'node_modules'));
    const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: worktree, stdio: ['ignore', 'pipe', 'pipe'] });
    // Commits that have it compile only what synth runs (seconds instead of a full type-check).
    const tsconfig = existsSync(join(worktree, 'tsconfig.synth.json')) ? 'tsconfig.synth.json' : 'tsconfig.json';
    run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig]);
    // The base's own synth writes the base's dist/ inside the worktree.
    run(process.execPath, ['lib/charts/main.js']);
    const dist = join(worktree, 'dist');
    return new Map(readdirSync(dist).filter((f) => f.endsWith('.k8s.yaml')).sort()
      .map((f) => [f.replace(/\.k8s\.yaml$/, ''), readFileSync(join(dist, f), 'utf8')]));
  } finally {
    git('worktree', 'remove', '--force', worktree);
    if (existsSync(worktree)) {
      rmSync(worktree, { recursive: true, force: true });
    }
  }
}
