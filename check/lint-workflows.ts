// actionlint on .github/workflows, with the check's pinned build of it. The files
// are named, so it needs no git checkout around them (a copied template has none).
import { execFileSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';
import { checkTools } from './tools';

const root = join(__dirname, '..');
const workflows = readdirSync(join(root, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join('.github', 'workflows', f));
try {
  execFileSync(checkTools().actionlint, workflows, { cwd: root, stdio: 'inherit' });
} catch {
  process.exitCode = 1;
}
