import { readFileSync } from 'fs';
import { join } from 'path';
import type { Environment } from '../charts/environments';
import { distFileName } from '../charts/paths';
import { synthIsCurrent } from '../charts/synth-record';
import { inputError } from './input-error';

/**
 * Returns the path of the environment's dist/ file after checking that it is
 * byte-for-byte what the current chart code synthesizes. Pulumi applies
 * dist/ as reviewed; a stale dist/ would deploy something nobody reviewed, or
 * drop a change somebody did, so the program refuses before registering anything.
 */
export function assertDistIsFresh(environment: Environment, distDir: string): string {
  const file = join(distDir, distFileName(environment));
  let committed: string;
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    throw inputError(`dist/${distFileName(environment)} is missing: run \`npm run synth\` and commit dist/`);
  }
  // The last `npm run synth` here wrote exactly these bytes from exactly these
  // inputs (charts/synth-record): fresh without rendering, which would load cdk8s.
  if (synthIsCurrent(distDir)) {
    return file;
  }
  const { renderEnvironment } = require('../charts/render') as typeof import('../charts/render');
  if (committed !== renderEnvironment(environment)) {
    throw inputError(`dist/${distFileName(environment)} is stale: it differs from what the charts synthesize for '${environment.name}'. Run \`npm run synth\`, review and commit dist/, then deploy again`);
  }
  return file;
}
