import microdiff from 'microdiff';
import { parseAllDocuments } from 'yaml';

/** apiVersion/kind/namespace/name: how objects are matched between base and head. */
export type ObjectKey = string;

export function objectKey(object: any): ObjectKey {
  return [object.apiVersion, object.kind, object.metadata?.namespace ?? '', object.metadata?.name].join('/');
}

/** Human form: Kind/namespace/name (or Kind/name when cluster-scoped). */
export function displayName(object: any): string {
  return [object.kind, object.metadata?.namespace, object.metadata?.name].filter(Boolean).join('/');
}

export function parseObjects(text: string): Map<ObjectKey, any> {
  const objects = new Map<ObjectKey, any>();
  for (const doc of parseAllDocuments(text)) {
    const object = doc.toJS();
    if (object) {
      objects.set(objectKey(object), object);
    }
  }
  return objects;
}

// Lists Kubernetes merges by key (strategic merge patch): order is noise there.
const LIST_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', env: 'name', ports: 'name', volumes: 'name',
  volumeMounts: 'mountPath', imagePullSecrets: 'name', envFrom: '', tolerations: '',
};

/** Turns keyed lists into maps (containers[name]) so order changes vanish and paths read well. */
export function normalize(value: any, field = ''): any {
  if (Array.isArray(value)) {
    const key = LIST_KEYS[field];
    if (key && value.every((item) => item && typeof item === 'object' && typeof item[key] === 'string')) {
      return Object.fromEntries(value.map((item) => [item[key], normalize(item)]));
    }
    if (key === '') {
      // Set-like lists without a merge key: compare in a canonical order.
      return value.map((item) => normalize(item)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return value.map((item) => normalize(item));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, normalize(value[k], k)]));
  }
  return value;
}

export interface FieldChange {
  /** Dotted path; keyed list entries appear as containers[hello-app]. */
  readonly path: string;
  readonly type: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** spec.template.spec.containers[hello-app].image, metadata.labels["app.kubernetes.io/name"] */
function pathString(parts: (string | number)[]): string {
  return parts.reduce<string>((path, part, i) => {
    if (typeof part === 'number') {
      return `${path}[${part}]`;
    }
    if (i > 0 && LIST_KEYS[String(parts[i - 1])]) {
      return `${path}[${part}]`;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) {
      return `${path}[${JSON.stringify(part)}]`;
    }
    return path ? `${path}.${part}` : part;
  }, '');
}

export function fieldChanges(before: any, after: any): FieldChange[] {
  return microdiff(normalize(before), normalize(after)).map((d): FieldChange => {
    switch (d.type) {
      case 'CREATE': return { path: pathString(d.path), type: 'added', after: d.value };
      case 'REMOVE': return { path: pathString(d.path), type: 'removed', before: d.oldValue };
      default: return { path: pathString(d.path), type: 'changed', before: d.oldValue, after: d.value };
    }
  });
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];
// Fields the API server refuses to change in place: the object must be replaced.
const IMMUTABLE_FIELDS: Record<string, string[]> = {
  Deployment: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.serviceName', 'spec.volumeClaimTemplates'],
  DaemonSet: ['spec.selector'],
  Job: ['spec.selector', 'spec.template'],
  Service: ['spec.clusterIP', 'spec.clusterIPs'],
  PersistentVolumeClaim: ['spec.storageClassName', 'spec.accessModes'],
};

export interface ObjectChange {
  readonly name: string;
  readonly before: any;
  readonly after: any;
  readonly fields: FieldChange[];
  /** The pod template changed: pods restart (a rollout). */
  readonly restartsPods: boolean;
  /** An immutable field changed: the object is deleted and recreated. */
  readonly replacedBecause?: string;
}

export interface Rename {
  readonly from: string;
  readonly to: string;
}

export interface EnvironmentDiff {
  readonly environment: string;
  readonly added: any[];
  readonly removed: any[];
  readonly changed: ObjectChange[];
  /** Removed+added pairs of the same kind and namespace with identical specs: a rename, which replaces the object. */
  readonly renamed: Rename[];
}

function withoutName(object: any): any {
  const { metadata, ...rest } = object;
  const { name: _name, ...meta } = metadata ?? {};
  return normalize({ ...rest, metadata: meta });
}

export function diffEnvironment(environment: string, baseText: string, headText: string): EnvironmentDiff {
  const base = parseObjects(baseText);
  const head = parseObjects(headText);
  let added = [...head].filter(([k]) => !base.has(k)).map(([, o]) => o);
  let removed = [...base].filter(([k]) => !head.has(k)).map(([, o]) => o);
  const renamed: Rename[] = [];
  for (const old of [...removed]) {
    const match = added.find((o) => o.kind === old.kind && o.metadata?.namespace === old.metadata?.namespace
      && JSON.stringify(withoutName(o)) === JSON.stringify(withoutName(old)));
    if (match) {
      renamed.push({ from: displayName(old), to: displayName(match) });
      added = added.filter((o) => o !== match);
      removed = removed.filter((o) => o !== old);
    }
  }
  const changed: ObjectChange[] = [];
  for (const [key, after] of head) {
    const before = base.get(key);
    if (!before) {
      continue;
    }
    const fields = fieldChanges(before, after);
    if (fields.length === 0) {
      continue;
    }
    const immutable = (IMMUTABLE_FIELDS[after.kind] ?? []).find((f) => fields.some((c) => c.path === f || c.path.startsWith(`${f}.`)));
    changed.push({
      name: displayName(after),
      before,
      after,
      fields,
      restartsPods: WORKLOAD_KINDS.includes(after.kind) && fields.some((c) => c.path.startsWith('spec.template.')),
      replacedBecause: immutable,
    });
  }
  return { environment, added, removed, changed, renamed };
}

export function hasChanges(diff: EnvironmentDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.renamed.length > 0;
}
