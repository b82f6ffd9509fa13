import { readFileSync } from 'fs';

/** A JSON Schema document with the Kubernetes definitions, keyed by name. */
export interface KubernetesSchema {
  readonly definitions: Record<string, any>;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * Loads the schema tools/build.sh generated from k8s.io/kubernetes and makes
 * it strict the way the API server is with `--validate=strict`: objects with
 * declared properties reject unknown fields, and the string-typed wrappers
 * that also accept numbers (int-or-string, quantities) say so.
 */
export function loadKubernetesSchema(file: string): KubernetesSchema {
  const schema: KubernetesSchema = JSON.parse(readFileSync(file, 'utf8'));
  for (const definition of Object.values(schema.definitions)) {
    tighten(definition);
  }
  schema.definitions[QUANTITY] = { description: schema.definitions[QUANTITY]?.description, anyOf: [{ type: 'string' }, { type: 'number' }] };
  return schema;
}

function tighten(node: any): void {
  if (node === null || typeof node !== 'object') {
    return;
  }
  if (node.format === 'int-or-string') {
    delete node.type;
    delete node.format;
    node.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (Array.isArray(node.enum)) {
    // The generated definitions repeat some enum values; JSON Schema forbids that.
    node.enum = [...new Set(node.enum)];
  }
  if (node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    node.additionalProperties = false;
  }
  for (const value of Object.values(node)) {
    tighten(value);
  }
}

/** The definition name for an apiVersion and kind, from x-kubernetes-group-version-kind. */
export function indexByGroupVersionKind(schema: KubernetesSchema): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, definition] of Object.entries(schema.definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      index.set(`${apiVersion}/${gvk.kind}`, name);
    }
  }
  return index;
}
