import { createHash, Hash } from 'crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { DIST_DIR, REPO_ROOT } from './paths';

/**
 * What synth reads besides lib/ (which is built from these): the charts, the
 * check with its exemptions, the pinned tools (versions, schema, validator
 * source), the entry and transpile scripts, the compiler options and the lockfile.
 */
export const SYNTH_INPUTS: readonly string[] = [
  'charts', 'check', 'tools', 'scripts/synth.js', 'scripts/transpile.js', 'tsconfig.json', 'package-lock.json',
];

/** Where the last successful synth in this checkout is recorded: lib/, build output, not committed. */
export const SYNTH_RECORD_FILE = join(REPO_ROOT, 'lib', '.synth-record.json');

interface SynthRecord {
  /** sha256 of every input file (path and bytes) and the Node version. */
  readonly inputs: string;
  /** sha256 of every file synth wrote (name and bytes). */
  readonly dist: string;
}

function hashTree(hash: Hash, path: string, root: string): void {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      hashTree(hash, join(path, name), root);
    }
  } else {
    hash.update(`${relative(root, path)}\0`).update(readFileSync(path)).update('\0');
  }
}

/** The digest of everything synth reads. */
export function inputsDigest(root: string = REPO_ROOT): string {
  const hash = createHash('sha256').update(`node ${process.version}\0`);
  for (const input of SYNTH_INPUTS) {
    hashTree(hash, join(root, input), root);
  }
  return hash.digest('hex');
}

/** The digest of a dist/ directory: its file names and bytes. */
export function distDigest(distDir: string = DIST_DIR): string {
  const hash = createHash('sha256');
  hashTree(hash, distDir, distDir);
  return hash.digest('hex');
}

/** Records that synth just wrote and checked `distDir` from the current inputs. */
export function recordSynth(distDir: string = DIST_DIR, file: string = SYNTH_RECORD_FILE): void {
  const record: SynthRecord = { inputs: inputsDigest(), dist: distDigest(distDir) };
  mkdirSync(dirname(file), { recursive: true });
  // Atomic, so a concurrent reader never sees half a record.
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * True when `distDir` holds exactly the bytes the last recorded synth wrote and
 * checked, and nothing it read has changed since: a new synth would write the
 * same files, so there is nothing to do. Content digests, not timestamps, so
 * a checkout, a rebase or a hand edit of dist/ is always noticed.
 */
export function synthIsCurrent(distDir: string = DIST_DIR, file: string = SYNTH_RECORD_FILE): boolean {
  let record: SynthRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  try {
    return record.dist === distDigest(distDir) && record.inputs === inputsDigest();
  } catch {
    return false; // dist/ missing or unreadable: synth must run
  }
}
