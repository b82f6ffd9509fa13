import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { stringify } from 'yaml';
import { applyExemptions, loadExemptions } from './exemptions';
import { kubeScore } from './kube-score';
import { ManifestObject, objectName, parseManifests, Problem, SchemaValidator } from './manifest-check';
import { apiValidation } from './api-validation';
import { CompiledValidators } from './compiled-validators';
import { checkTools, ReleaseTools } from './tools';

/** Where accepted findings are listed, each with its reason. */
export const EXEMPTIONS_FILE = join(__dirname, 'exemptions.yaml');

/** Names the code that made an object (synth passes the charts' answer), if known. */
export type SourceOf = (object: any) => string | undefined;

export interface CheckResult {
  readonly objects: number;
  /** Problems to fix, sorted by file, object and path. */
  readonly problems: Problem[];
  readonly exempted: Problem[];
}

const validators = new Map<string, SchemaValidator>();

/**
 * Checks every object in the files as strictly as the API server would, offline,
 * for each Kubernetes release in check/ (the constructs' API level and the
 * clusters'): that release's schema (strict), its API server's create-time
 * validation and its `restricted` Pod Security Standard (cmd/k8s-validate);
 * then kube-score's policy lint. A finding that only some releases make names
 * them. Findings listed in check/exemptions.yaml are reported separately; with
 * `sourceOf`, each finding names the code that made its object. `displayRoot`
 * makes the printed file names relative.
 */
export async function checkManifests(files: string[], displayRoot: string = process.cwd(), sourceOf?: SourceOf): Promise<CheckResult> {
  const tools = checkTools();
  const objects: ManifestObject[] = [];
  const problems: Problem[] = [];
  const unparsable = new Set<string>();
  for (const path of files) {
    const parsed = parseManifests(relative(displayRoot, path), readFileSync(path, 'utf8'));
    objects.push(...parsed.objects.map((o) => ({ ...o, path })));
    problems.push(...parsed.problems);
    if (parsed.problems.length > 0) {
      unparsable.add(path);
    }
  }
  const rejected = new Set<ManifestObject>();
  const schema = tools.releases.map((release) => schemaProblems(release, objects, rejected));
  // The three processes run at once. kube-score can only read what the API accepts, so it
  // starts on the files as written when nothing is rejected yet, and runs again on a copy
  // of the valid objects if the API validation rejects one.
  const lintAsWritten = problems.length === 0 && rejected.size === 0 ? kubeScore(tools.kubeScore, files, objects) : undefined;
  lintAsWritten?.catch(() => undefined); // its failure matters only if it is used
  // A file with a YAML syntax error is reported once, by the parse: the API's validation reads the others.
  const api = await Promise.all(tools.releases.map((release) => apiProblems(release, files.filter((f) => !unparsable.has(f)), objects, rejected)));
  problems.push(...mergeReleases(schema.map((found, i) => [...found, ...api[i]]), tools.releases.map((r) => r.release.minor)));
  const valid = objects.filter((o) => !rejected.has(o));
  if (valid.length > 0) {
    const lint = lintAsWritten && valid.length === objects.length ? await lintAsWritten : await lintCopy(tools.kubeScore, valid);
    // An object that points at a rejected one (a Service's selector, an autoscaler's
    // target) is not wrong itself: say nothing rather than a second, misleading finding.
    const rejectedNamespaces = new Set([...rejected].map((o) => `${o.file}\0${o.object?.metadata?.namespace}`));
    problems.push(...lint.filter((p) => !(FOLLOW_ON_CHECKS.includes(p.check)
      && rejectedNamespaces.has(`${p.file}\0${p.object.split('/').length === 3 ? p.object.split('/')[1] : undefined}`))));
  }
  const { open, exempted } = applyExemptions(problems, loadExemptions(EXEMPTIONS_FILE));
  const order = (p: Problem) => `${p.file}\0${p.object}\0${p.path}\0${p.check}\0${p.message}`;
  return { objects: objects.length, problems: withSources(open, objects, sourceOf).sort((a, b) => order(a).localeCompare(order(b))), exempted };
}

/** One release's schema findings (in process); marks the objects it rejects. */
function schemaProblems(tools: ReleaseTools, objects: ManifestObject[], rejected: Set<ManifestObject>): Problem[] {
  let validator = validators.get(tools.schemaFile);
  if (!validator) {
    validator = new SchemaValidator(new CompiledValidators(tools.schemaFile, tools.validatorCache), tools.release.minor);
    validators.set(tools.schemaFile, validator);
  }
  const problems: Problem[] = [];
  for (const object of objects) {
    const found = validator.validate(object);
    problems.push(...found);
    if (found.length > 0) {
      rejected.add(object);
    }
  }
  return problems;
}

/** One release's API validation and Pod Security findings; marks the objects the API rejects. */
async function apiProblems(tools: ReleaseTools, files: string[], objects: ManifestObject[], rejected: Set<ManifestObject>): Promise<Problem[]> {
  const api = files.length > 0 ? await apiValidation(tools.k8sValidate, files, objects, tools.podSecurity) : [];
  for (const problem of api.filter((p) => p.check === 'api')) {
    objects.filter((o) => o.file === problem.file && objectName(o.object) === problem.object).forEach((o) => rejected.add(o));
  }
  return api;
}

/** kube-score on a scratch copy of just these objects. */
async function lintCopy(binary: string, objects: ManifestObject[]): Promise<Problem[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'hello-k8s-lint-'));
  try {
    const file = join(scratch, 'objects.yaml');
    writeFileSync(file, objects.map((o) => stringify(o.object)).join('---\n'));
    return await kubeScore(binary, [file], objects);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * One list from each release's: a finding every release makes is listed once;
 * one that only some make (an API one release lacks, a rule that changed) is
 * listed with the releases that make it.
 */
function mergeReleases(byRelease: Problem[][], minors: string[]): Problem[] {
  const key = (p: Problem) => `${p.file}\0${p.object}\0${p.path}\0${p.check}\0${p.message}`;
  const releasesOf = new Map<string, { problem: Problem; minors: string[] }>();
  byRelease.forEach((problems, i) => {
    for (const problem of problems) {
      const entry = releasesOf.get(key(problem)) ?? { problem, minors: [] };
      if (!entry.minors.includes(minors[i])) {
        entry.minors.push(minors[i]);
      }
      releasesOf.set(key(problem), entry);
    }
  });
  return [...releasesOf.values()].map(({ problem, minors: found }) =>
    (found.length === minors.length ? problem : { ...problem, kubernetes: found }));
}

/** kube-score checks that fail only because the object they point at was rejected. */
const FOLLOW_ON_CHECKS = [
  'kube-score/service-targets-pod',
  'kube-score/networkpolicy-targets-pod',
  'kube-score/horizontalpodautoscaler-has-target',
  'kube-score/poddisruptionbudget-selector-labels',
];

/** Adds the code behind each problem's object, when `sourceOf` knows it. */
function withSources(problems: Problem[], objects: ManifestObject[], sourceOf?: SourceOf): Problem[] {
  if (!sourceOf) {
    return problems;
  }
  return problems.map((p) => {
    const object = objects.find((o) => o.file === p.file && objectName(o.object) === p.object);
    const source = object && sourceOf(object.object);
    return source ? { ...p, source } : p;
  });
}
