// `npm run check [-- FILE...]`, as a function the entry file runs and the tests call.
import { readdirSync, statSync } from 'fs';
import { join, resolve } from 'path';
import { UsageError } from '../scripts/cli';
import { checkManifests } from './check-manifests';
import { formatProblem } from './manifest-check';

/** Every manifest synth wrote, the default when no file is named. */
export const DIST_DIR = join(__dirname, '..', 'dist');

/** The files to check: the ones named (each must be a readable file), else every YAML file in dist/. */
export function manifestFiles(args: readonly string[], distDir: string = DIST_DIR): string[] {
  if (args.length === 0) {
    return readdirSync(distDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(distDir, f));
  }
  return args.map((arg) => {
    if (arg.startsWith('-')) {
      throw new UsageError(`${arg}: unknown option (usage: npm run check [-- FILE...])`);
    }
    const stat = statSync(arg, { throwIfNoEntry: false });
    if (!stat) {
      throw new UsageError(`${arg}: no such file`);
    }
    if (!stat.isFile()) {
      throw new UsageError(`${arg}: not a file (name the manifest files to check)`);
    }
    return resolve(arg);
  });
}

/** Prints one line per problem and a summary; returns 1 when there are problems. */
export async function checkCommand(args: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const files = manifestFiles(args);
  const result = await checkManifests(files);
  result.problems.forEach((problem) => print(formatProblem(problem)));
  print(`check: ${result.objects} objects in ${files.length} files, ${result.problems.length} problems, ${result.exempted.length} exempted (check/exemptions.yaml)`);
  return result.problems.length > 0 ? 1 : 0;
}
