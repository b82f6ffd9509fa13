// A scratch copy of the built project for tests that run synth for real, so the
// real dist/ and lib/ are never touched.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve } from 'path';
import { SYNTH_INPUTS, SYNTH_RECORD_FILE } from '../charts/synth-record';

export const ROOT = resolve(__dirname, '..');

/**
 * What synth reads (its inputs, `lib/`, `dist/`, `package.json`), copied with
 * their timestamps so scripts/transpile.js finds nothing to do, and this
 * checkout's node_modules. Without synth's record: the first synth renders.
 */
export function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-project-'));
  for (const input of [...SYNTH_INPUTS, 'diff', 'lib', 'dist', 'package.json']) {
    cpSync(join(ROOT, input), join(dir, input), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  rmSync(join(dir, relative(ROOT, SYNTH_RECORD_FILE)), { force: true });
  return dir;
}
