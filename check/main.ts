// `npm run check [-- FILE...]`: schema validation and policy lint of manifests
// (default: every file in dist/). One line per problem; exit 1 when any.
import { readdirSync } from 'fs';
import { join, resolve } from 'path';
import { checkManifests } from './check-manifests';
import { formatProblem } from './manifest-check';

const DIST_DIR = join(__dirname, '..', 'dist');
const args = process.argv.slice(2);
const files = args.length > 0
  ? args.map((f) => resolve(f))
  : readdirSync(DIST_DIR).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(DIST_DIR, f));
const result = checkManifests(files);
for (const problem of result.problems) {
  console.log(formatProblem(problem));
}
console.log(`check: ${result.objects} objects in ${files.length} files, ${result.problems.length} problems, ${result.exempted.length} exempted (check/exemptions.yaml)`);
process.exitCode = result.problems.length > 0 ? 1 : 0;
