// A scratch copy of what synth reads, for tests that run it for real, so the
// real dist/ is never touched.
import { cpSync, mkdtempSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { SYNTH_INPUTS } from '../charts/synth-inputs';

export const ROOT = resolve(__dirname, '..');

/** The synth inputs, the check, dist/ and the package files, with this checkout's node_modules. */
export function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-project-'));
  for (const path of [...SYNTH_INPUTS, 'check', 'dist', 'package.json', 'tsconfig.json']) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Runs the synth entry in a scratch project, as `npm run synth` does. */
export const SYNTH = [process.execPath, ['--import', 'tsx', 'main.ts']] as const;
