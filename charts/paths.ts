import { existsSync } from 'fs';
import { dirname, join } from 'path';
import type { Environment } from './environments';

/** The repository root: the nearest folder above this file with a package.json (works from source and from lib/). */
function findRepoRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      return dir;
    }
  }
  throw new Error(`no package.json above ${start}`);
}

export const REPO_ROOT = findRepoRoot(__dirname);
/** Where synth writes the committed, reviewed manifests. */
export const DIST_DIR = join(REPO_ROOT, 'dist');

/** The dist/ file that holds an environment's manifests. */
export function distFileName(environment: Environment): string {
  return `${environment.name}.k8s.yaml`;
}
