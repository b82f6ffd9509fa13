import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'fs';
import { basename, dirname, join, relative, resolve } from 'path';
import { DIST_DIR, REPO_ROOT } from './paths';
import { writeInputsDigest } from './synth-inputs';

/**
 * Runs `render` against an empty staging directory next to `outdir`, then
 * swaps it in whole. If `render` throws, `outdir` is left exactly as it was
 * and the error propagates. Renames stay on one filesystem, so the swap never
 * leaves a half-written directory behind.
 */
export async function synthToDirectory(outdir: string, render: (stagingDir: string) => void | Promise<void>): Promise<void> {
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-staging-`));
  try {
    await render(staging);
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
 * Entry-point wrapper: renders (and checks: `render` throws to refuse) into a
 * staging folder, adds the inputs' digest, and swaps it in as dist/; prints a
 * one-line error and exits 1 on failure. `cdk8s synth` empties its own output
 * folder (CDK8S_OUTDIR) before running the app, so dist/ is written here and
 * copied there for the CLI to list.
 */
export async function runSynth(render: (stagingDir: string) => void | Promise<void>): Promise<void> {
  try {
    await synthToDirectory(DIST_DIR, async (staging) => {
      await render(staging);
      writeInputsDigest(staging);
    });
    console.log(`dist/ written and checked: ${readdirSync(DIST_DIR).sort().join(', ')}`);
    const cliOutdir = process.env.CDK8S_OUTDIR;
    if (cliOutdir && resolve(cliOutdir) !== DIST_DIR) {
      cpSync(DIST_DIR, cliOutdir, { recursive: true });
    }
  } catch (err) {
    console.error(`synth failed, dist/ left unchanged: ${failure(err)}`);
    process.exit(1);
  }
}

/**
 * What synth says went wrong: the error's message, or for a syntax error in a
 * chart (tsx's TransformError, many lines of esbuild's) its place and reason,
 * `charts/x.ts:12:7: Unexpected ";"`.
 */
function failure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const located = err instanceof Error && err.name === 'TransformError' ? /^(\/\S+?):(\d+:\d+): ERROR: (.*)$/m.exec(message) : null;
  return located ? `${relative(REPO_ROOT, located[1])}:${located[2]}: ${located[3]}` : message;
}
