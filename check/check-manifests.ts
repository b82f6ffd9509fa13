import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { stringify } from 'yaml';
import { REPO_ROOT } from '../charts/paths';
import { applyExemptions, loadExemptions } from './exemptions';
import { kubeScore } from './kube-score';
import { ManifestObject, parseManifests, Problem, SchemaValidator } from './manifest-check';
import { CompiledValidators } from './compiled-validators';
import { checkTools } from './tools';

/** Where accepted findings are listed, each with its reason. */
export const EXEMPTIONS_FILE = join(REPO_ROOT, 'check', 'exemptions.yaml');

export interface CheckResult {
  readonly objects: number;
  /** Problems to fix, sorted by file, object and path. */
  readonly problems: Problem[];
  readonly exempted: Problem[];
}

let validator: SchemaValidator | undefined;

/**
 * Validates every object in the files against the Kubernetes 1.28 schema and
 * lints them with kube-score; findings listed in check/exemptions.yaml are
 * reported separately. `displayRoot` makes the printed file names relative.
 */
export function checkManifests(files: string[], displayRoot: string = REPO_ROOT): CheckResult {
  const tools = checkTools();
  validator ??= new SchemaValidator(new CompiledValidators(tools.schemaFile, tools.validatorCache));
  const objects: ManifestObject[] = [];
  const problems: Problem[] = [];
  for (const path of files) {
    const parsed = parseManifests(relative(displayRoot, path), readFileSync(path, 'utf8'));
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  const valid: ManifestObject[] = [];
  for (const object of objects) {
    const found = validator.validate(object);
    problems.push(...found);
    if (found.length === 0) {
      valid.push(object);
    }
  }
  // Lint only schema-valid objects: kube-score cannot even parse the others.
  if (valid.length > 0) {
    const scratch = mkdtempSync(join(tmpdir(), 'hello-k8s-lint-'));
    try {
      const file = join(scratch, 'objects.yaml');
      writeFileSync(file, valid.map((o) => stringify(o.object)).join('---\n'));
      problems.push(...kubeScore(tools.kubeScore, [file], valid));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const { open, exempted } = applyExemptions(problems, loadExemptions(EXEMPTIONS_FILE));
  const order = (p: Problem) => `${p.file}\0${p.object}\0${p.path}\0${p.check}\0${p.message}`;
  return { objects: objects.length, problems: open.sort((a, b) => order(a).localeCompare(order(b))), exempted };
}
