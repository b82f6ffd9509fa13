// actionlint on .github/workflows, with the check's pinned build of it.
import { execFileSync } from 'child_process';
import { join } from 'path';
import { checkTools } from './tools';

try {
  execFileSync(checkTools().actionlint, [], { cwd: join(__dirname, '..'), stdio: 'inherit' });
} catch {
  process.exitCode = 1;
}
