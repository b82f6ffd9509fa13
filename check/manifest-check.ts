import { ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { CompiledValidators } from './compiled-validators';

/** One problem in one object: file, object (kind/namespace/name), field path, message. */
export interface Problem {
  readonly file: string;
  readonly object: string;
  readonly path: string;
  readonly message: string;
  /** Which check found it: 'schema', 'api', 'pod-security' or a linter's check name. */
  readonly check: string;
  /** Where the object comes from: the construct and its line in the charts. */
  readonly source?: string;
  /** The Kubernetes minors that make this finding, when not every release the check validates against does. */
  readonly kubernetes?: string[];
}

/** `file: Kind/namespace/name: path: message [check, Kubernetes 1.37] (from source)`, one line. */
export function formatProblem(p: Problem): string {
  const check = p.kubernetes ? `${p.check}, Kubernetes ${p.kubernetes.join(' and ')}` : p.check;
  return `${p.file}: ${p.object}: ${p.path || '(object)'}: ${p.message} [${check}]${p.source ? ` (from ${p.source})` : ''}`;
}

/** A manifest document and where it came from. */
export interface ManifestObject {
  /** The file as printed (relative to the display root). */
  readonly file: string;
  /** The file's path on disk. */
  readonly path?: string;
  readonly object: any;
}

export function objectName(object: any): string {
  const meta = object?.metadata ?? {};
  return [object?.kind ?? '(no kind)', meta.namespace, meta.name ?? '(no name)'].filter((x) => x !== undefined).join('/');
}

/** Parses every YAML document of a file; a syntax error is a problem, not a crash. */
export function parseManifests(file: string, text: string): { objects: ManifestObject[]; problems: Problem[] } {
  const objects: ManifestObject[] = [];
  const problems: Problem[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      problems.push({ file, object: '(document)', path: '', message: doc.errors[0].message.split('\n')[0], check: 'yaml' });
      continue;
    }
    const object = doc.toJS();
    if (object !== null && object !== undefined) {
      objects.push({ file, object });
    }
  }
  return { objects, problems };
}

/** Validates objects against the Kubernetes OpenAPI schema, offline. */
export class SchemaValidator {
  /** `kubernetesMinor` names the release in the message for an API it does not serve. */
  constructor(private readonly validators: CompiledValidators, private readonly kubernetesMinor: string) {}

  validate({ file, object }: ManifestObject): Problem[] {
    const at = { file, object: objectName(object), check: 'schema' };
    if (typeof object !== 'object' || Array.isArray(object)) {
      return [{ ...at, object: '(document)', path: '', message: `not a Kubernetes object: a ${Array.isArray(object) ? 'list' : typeof object}, not a mapping with apiVersion and kind` }];
    }
    const missing = ['apiVersion', 'kind'].filter((field) => typeof object[field] !== 'string' || object[field] === '');
    if (missing.length > 0) {
      return missing.map((path) => ({ ...at, path, message: 'required field is missing' }));
    }
    const definition = this.validators.definitionFor(`${object?.apiVersion}/${object?.kind}`);
    if (!definition) {
      return [{ ...at, path: 'apiVersion', message: `Kubernetes ${this.kubernetesMinor} does not serve ${object?.apiVersion} ${object?.kind}` }];
    }
    const validate = this.validators.validator(definition);
    if (validate(object)) {
      return [];
    }
    return dedupe(validate.errors ?? []).map((e) => ({ ...at, ...describe(e, object) }));
  }
}

// Alternatives (anyOf) report one error per branch; keep the most useful one per path.
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === 'anyOf') {
      return false;
    }
    const key = `${e.instancePath}|${e.keyword === 'type' ? 'type' : e.message}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** /spec/template/spec/containers/0/image -> spec.template.spec.containers[0].image */
function fieldPath(pointer: string): string {
  return pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function valueAt(object: any, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce((node: any, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], object);
}

function describe(e: ErrorObject, object: any): { path: string; message: string } {
  const path = fieldPath(e.instancePath);
  const join = (child: string) => (path ? `${path}.${child}` : child);
  const got = JSON.stringify(valueAt(object, e.instancePath));
  switch (e.keyword) {
    case 'additionalProperties':
      return { path: join(e.params.additionalProperty), message: 'unknown field' };
    case 'required':
      return { path: join(e.params.missingProperty), message: 'required field is missing' };
    case 'enum':
      return { path, message: `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}, got ${got}` };
    case 'type':
      return { path, message: `must be ${[].concat(e.params.type).join(' or ')}, got ${got}` };
    default:
      return { path, message: `${e.message}, got ${got}` };
  }
}
