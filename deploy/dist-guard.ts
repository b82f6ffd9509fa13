import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join } from 'path';
import { InputError } from './input-error';

/** The digest file synth writes beside the manifests: `<sha256>  <path>` per file it read and wrote. */
const INPUTS_FILE = 'SHA256SUMS';

/**
 * Returns the environment's dist/ file after checking that dist/ is what the
 * sources beside it synthesize: every file its SHA256SUMS lists (the sources
 * synth read, the manifests it wrote) has that digest, and no file was added
 * to a folder it covers.
 * Pulumi applies dist/ as reviewed; a stale dist/ would deploy something
 * nobody reviewed, or drop a change somebody did, so the program refuses
 * before registering anything.
 */
export function assertDistIsFresh(environment: string, distDir: string): string {
  const file = join(distDir, `${environment}.k8s.yaml`);
  if (!existsSync(file)) {
    throw new InputError(`dist/${environment}.k8s.yaml is missing: run \`npm run synth\` and commit dist/`);
  }
  const root = dirname(distDir);
  const listed = readInputs(join(distDir, INPUTS_FILE));
  const changed = [...listed].filter(([path, digest]) => !existsSync(join(root, path)) || sha256(join(root, path)) !== digest).map(([path]) => path);
  const added = coveredFolders(listed).flatMap((folder) => filesUnder(root, folder))
    .filter((path) => !listed.has(path) && path !== `dist/${INPUTS_FILE}`);
  const stale = [...changed, ...added];
  if (stale.length > 0) {
    throw new InputError(`dist/ is stale: ${stale.join(', ')} changed since the last synth. Run \`npm run synth\`, review and commit dist/, then deploy again`);
  }
  return file;
}

function readInputs(path: string): Map<string, string> {
  if (!existsSync(path)) {
    throw new InputError(`dist/${INPUTS_FILE} is missing: run \`npm run synth\` and commit dist/`);
  }
  return new Map(readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [digest, path] = line.split('  ');
    return [path, digest];
  }));
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The top folders the listing covers: each holds no file it does not list. */
const coveredFolders = (listed: Map<string, string>) => [...new Set([...listed.keys()].filter((p) => p.includes('/')).map((p) => p.split('/')[0]))];

function filesUnder(root: string, path: string): string[] {
  return statSync(join(root, path)).isDirectory() ? readdirSync(join(root, path)).flatMap((entry) => filesUnder(root, `${path}/${entry}`)) : [path];
}
