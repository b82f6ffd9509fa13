import { readdirSync } from 'fs';
import { join } from 'path';
import { checkManifests, SourceOf } from './check-manifests';
import { formatProblem } from './manifest-check';

/** Throws, listing every problem, when a synthesized directory fails `npm run check`. */
export async function verifyDirectory(dir: string, sourceOf?: SourceOf): Promise<void> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));
  const { problems } = await checkManifests(files, dir, sourceOf);
  if (problems.length > 0) {
    throw new Error(`the new manifests fail \`npm run check\` (${problems.length} problems):\n${problems.map(formatProblem).join('\n')}`);
  }
}
