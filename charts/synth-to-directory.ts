import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { DIST_DIR } from './paths';

/**
 * Runs `render` against an empty staging directory next to `outdir`, then
 * swaps it in whole. If `render` throws, `outdir` is left exactly as it was
 * and the error propagates. Renames stay on one filesystem, so the swap never
 * leaves a half-written directory behind.
 */
export function synthToDirectory(outdir: string, render: (stagingDir: string) => void): void {
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-staging-`));
  try {
    render(staging);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const previous = `${staging}-previous`;
  if (existsSync(target)) {
    renameSync(target, previous);
  }
  renameSync(staging, target);
  rmSync(previous, { recursive: true, force: true });
}

/**
 * Entry-point wrapper: synthesizes into dist/ atomically, after `verify` has
 * accepted the staged output (it throws to refuse), prints a one-line error
 * and exits 1 on failure. When run by `cdk8s synth`, which empties its
 * CDK8S_OUTDIR first, the result is also copied there for the CLI to list.
 */
export function runSynth(render: (stagingDir: string) => void, verify: (stagingDir: string) => void = () => undefined): void {
  try {
    synthToDirectory(DIST_DIR, (staging) => {
      render(staging);
      verify(staging);
    });
    console.log(`dist/ written and checked: ${readdirSync(DIST_DIR).sort().join(', ')}`);
    const cliOutdir = process.env.CDK8S_OUTDIR;
    if (cliOutdir && resolve(cliOutdir) !== DIST_DIR) {
      cpSync(DIST_DIR, cliOutdir, { recursive: true });
    }
  } catch (err) {
    console.error(`synth failed, dist/ left unchanged: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
