// What drift is: a field dist/ declares whose live value is not what Pulumi's
// own apply would make it. Pure: the objects come in, the findings go out.
//
// For each object, three versions: `desired` (the dist/ manifest), `live` (the
// cluster's object with its managedFields) and `applied` (the server's answer
// to a dry-run server-side apply of `desired`, forced, so defaults and
// normalized values such as "0.1" CPU read exactly as the API server stores
// them). Only the leaves of `desired` are compared: fields other
// managers add (a mutating webhook's annotation, a controller's status) are
// theirs by design, and `pulumi up` would not touch them either.
import { isDeepStrictEqual } from 'util';

/** A managedFields entry of a live object. */
export interface ManagedFieldsEntry {
  readonly manager: string;
  readonly operation: string;
  readonly subresource?: string;
  readonly fieldsV1?: FieldsV1;
}

/** The managed-fields trie: `f:<key>`, `k:<json>` (list item by keys), `v:<json>` (set item), `.` (the node itself). */
export interface FieldsV1 {
  readonly [segment: string]: FieldsV1;
}

/** One drifted field. */
export interface Finding {
  /** e.g. `ConfigMap hello-local/hello-app-env`. */
  readonly object: string;
  /** e.g. `spec.template.spec.containers[hello-app].env[GREETING].value`. */
  readonly field: string;
  /** JSON of the live value, or `(absent)`. */
  readonly live: string;
  /** JSON of the value dist/ gives it, as the API server would store it. */
  readonly desired: string;
  /** The field managers that own the live value, other than Pulumi's (`(none)` when nobody owns it, e.g. it was removed). */
  readonly managers: readonly string[];
}

/** Pulumi's Kubernetes provider applies as `pulumi-kubernetes-<suffix>` (server-side apply) or `pulumi-kubernetes`. */
export const isPulumiManager = (manager: string) => manager === 'pulumi-kubernetes' || manager.startsWith('pulumi-kubernetes-');

/**
 * Writers whose changes are not drift, by design: anything written through a
 * subresource (status; scale, which is how the HorizontalPodAutoscaler sets a
 * Deployment's replicas) and kube-controller-manager's own bookkeeping on the
 * object (a Deployment's revision annotation).
 */
export const isControllerEntry = (entry: ManagedFieldsEntry) =>
  (entry.subresource ?? '') !== '' || entry.manager === 'kube-controller-manager';

export const objectName = (o: any) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** One step of a field path: a map key, or a list item with the value it was matched by. */
type Step = { key: string } | { item: any; label: string };

/** The drifted fields of one object: declared fields that differ, then fields other writers added. */
export function driftOf(desired: any, live: any, applied: any): Finding[] {
  const entries: ManagedFieldsEntry[] = live.metadata.managedFields ?? [];
  const declared = new Set<string>();
  const findings: Finding[] = [];
  const walk = (d: any, a: any, l: any, path: Step[]) => {
    if (isMap(d) && Object.keys(d).length > 0) {
      for (const key of Object.keys(d).sort()) {
        walk(d[key], a?.[key], isMap(l) ? l[key] : undefined, [...path, { key }]);
      }
    } else if (Array.isArray(d) && d.length > 0 && d.every(isMap)) {
      d.forEach((item, i) => {
        const match = itemMatcher(item, i);
        const liveItem = Array.isArray(l) ? l.find(match.matches) : undefined;
        walk(item, Array.isArray(a) ? a.find(match.matches) : undefined, liveItem, [...path, { item: liveItem ?? item, label: match.label }]);
      });
    } else {
      declared.add(fieldPath(path));
      if (!isDeepStrictEqual(a, l)) {
        const owners = l === undefined ? [] : ownersOf(entries, path);
        if (owners.length === 0 || !owners.every(isControllerEntry)) {
          findings.push({ object: objectName(desired), field: fieldPath(path), live: show(l), desired: show(a), managers: managersOf(owners) });
        }
      }
    }
  };
  walk(stripped(desired), stripped(applied), live, []);
  return [...findings, ...additions(desired, live, entries, declared)];
}

/** Fields an out-of-band writer created that dist/ does not declare: a new label, an extra environment variable. */
function additions(desired: any, live: any, entries: readonly ManagedFieldsEntry[], declared: ReadonlySet<string>): Finding[] {
  const found = new Map<string, Finding>();
  const visit = (node: FieldsV1, value: any, path: Step[], manager: string) => {
    const children = Object.keys(node).filter((k) => k !== '.');
    const owned = path.length > 0 && (children.length === 0 || '.' in node);
    const field = fieldPath(path);
    if (owned && ![...declared].some((d) => d === field || d.startsWith(`${field}.`) || d.startsWith(`${field}[`))) {
      const prior = found.get(field);
      found.set(field, { object: objectName(desired), field, live: show(value), desired: '(absent: dist/ does not declare it)', managers: [...(prior?.managers ?? []), manager] });
      return;
    }
    for (const segment of children) {
      if (segment.startsWith('f:')) {
        const key = segment.slice(2);
        visit(node[segment], isMap(value) ? value[key] : undefined, [...path, { key }], manager);
      } else {
        const item = Array.isArray(value) ? value.find((x) => itemNode({ [segment]: {} }, x)) : undefined;
        visit(node[segment], item, [...path, { item, label: typeof item?.name === 'string' ? item.name : segmentLabel(segment) }], manager);
      }
    }
  };
  for (const entry of entries) {
    if (!isPulumiManager(entry.manager) && !isControllerEntry(entry) && entry.fieldsV1) {
      visit(entry.fieldsV1, live, [], entry.manager);
    }
  }
  return [...found.values()];
}

/** `k:{"name":"LOG_LEVEL"}` reads as `LOG_LEVEL`; other keys as their JSON. */
function segmentLabel(segment: string): string {
  const value = JSON.parse(segment.slice(2));
  return typeof value?.name === 'string' && Object.keys(value).length === 1 ? value.name : segment.slice(2);
}

const managersOf = (owners: readonly ManagedFieldsEntry[]) => {
  const others = owners.filter((e) => !isPulumiManager(e.manager)).map((e) => e.manager);
  return others.length > 0 ? [...new Set(others)] : owners.length > 0 ? [...new Set(owners.map((e) => e.manager))] : ['(none)'];
};

/** Drops what is never drift: the server's bookkeeping and status. */
function stripped(o: any): any {
  const { status, ...rest } = o ?? {};
  const { managedFields, resourceVersion, generation, uid, creationTimestamp, ...metadata } = rest.metadata ?? {};
  return { ...rest, metadata };
}

/** List items are matched like the API's list-map keys: by `name` where items have one, else by position. */
function itemMatcher(item: any, index: number): { matches: (x: any, i?: number) => boolean; label: string } {
  if (typeof item.name === 'string') {
    return { matches: (x) => x?.name === item.name, label: item.name };
  }
  return { matches: (_x, i) => i === index, label: String(index) };
}

/** The managedFields entries that own the value at path (a `k:` segment matches an item whose fields include its keys). */
export function ownersOf(entries: readonly ManagedFieldsEntry[], path: Step[]): ManagedFieldsEntry[] {
  return entries.filter((entry) => {
    let node: FieldsV1 | undefined = entry.fieldsV1;
    for (const step of path) {
      if (!node) {
        return false;
      }
      node = 'key' in step ? node[`f:${step.key}`] : itemNode(node, step.item);
    }
    return node !== undefined;
  });
}

function itemNode(node: FieldsV1, item: any): FieldsV1 | undefined {
  for (const [segment, child] of Object.entries(node)) {
    if (segment.startsWith('k:')) {
      const keys = JSON.parse(segment.slice(2));
      if (Object.entries(keys).every(([k, v]) => isDeepStrictEqual(item?.[k], v))) {
        return child;
      }
    } else if (segment.startsWith('v:') && isDeepStrictEqual(JSON.parse(segment.slice(2)), item)) {
      return child;
    }
  }
  return undefined;
}

function fieldPath(path: Step[]): string {
  return path.map((s, i) => ('key' in s ? `${i === 0 ? '' : '.'}${/^[A-Za-z0-9_]+$/.test(s.key) ? s.key : `"${s.key}"`}` : `[${s.label}]`)).join('');
}

const isMap = (v: any): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: any) => (v === undefined ? '(absent)' : JSON.stringify(v));
