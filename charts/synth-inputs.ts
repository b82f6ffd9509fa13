import { createHash } from 'crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { basename, join } from 'path';
import { DIST_DIR, REPO_ROOT } from './paths';

/** What dist/ is made from: the entry, every file under charts/, and the locked dependency versions. */
export const SYNTH_INPUTS = ['main.ts', 'package-lock.json', 'charts'];
/** The file beside the manifests that records the digests of those inputs and of the manifests. */
export const INPUTS_FILE = 'SHA256SUMS';

/** Every input file, relative to the repository, in a stable order. */
export function synthInputFiles(root: string = REPO_ROOT): string[] {
  const walk = (path: string): string[] => (statSync(join(root, path)).isDirectory()
    ? readdirSync(join(root, path)).sort().flatMap((entry) => walk(`${path}/${entry}`))
    : [path]);
  return SYNTH_INPUTS.flatMap(walk);
}

/**
 * Writes `sha256sum`'s format (`<hex>  <path>`, one file a line) into the
 * synthesized directory: every input, then every manifest as it will sit in
 * dist/. A deploy can then tell, without rendering, that dist/ is exactly what
 * the sources beside it synthesize (`sha256sum -c dist/SHA256SUMS` says the same).
 */
export function writeInputsDigest(outdir: string, root: string = REPO_ROOT): void {
  const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  const inputs = synthInputFiles(root).map((file) => `${digest(join(root, file))}  ${file}`);
  const outputs = readdirSync(outdir).sort().map((file) => `${digest(join(outdir, file))}  ${basename(DIST_DIR)}/${file}`);
  writeFileSync(join(outdir, INPUTS_FILE), `${[...inputs, ...outputs].join('\n')}\n`);
}
