import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { ApiObject, App } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { REPO_ROOT } from './paths';

/** A manifest object as written: what identifies it. */
export interface ObjectIdentity {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const key = (o: ObjectIdentity) => `${o.kind}\0${o.metadata?.namespace ?? ''}\0${o.metadata?.name}`;

/**
 * Where each object of a synthesized app comes from: the construct path and
 * the line of the charts that creates it, e.g. `charts/hello-app.ts:212,
 * construct local/hello-app/deployment`, so a check's finding points at code.
 * The line is found by the layout's convention: a construct class lives in the
 * kebab-case file named after it and creates its children with `(this, '<id>'`.
 */
export function constructSources(app: App): (object: ObjectIdentity) => string | undefined {
  const sources = new Map<string, IConstruct>();
  for (const node of app.node.findAll()) {
    if (node instanceof ApiObject) {
      sources.set(key(node.toJson()), node);
    }
  }
  return (object) => {
    const node = sources.get(key(object));
    return node && describe(node);
  };
}

/** The first ancestor whose class has its own file in charts/, and the line that creates the child on the way. */
function describe(object: IConstruct): string {
  let child: IConstruct = object;
  for (let scope = object.node.scope; scope; child = scope, scope = scope.node.scope) {
    const file = join('charts', `${kebab(scope.constructor.name)}.ts`);
    if (existsSync(join(REPO_ROOT, file))) {
      const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
      const line = lines.findIndex((l) => l.includes(`(this, '${child.node.id}'`)) + 1;
      return `${file}${line > 0 ? `:${line}` : ''}, construct ${child.node.path}`;
    }
  }
  return `construct ${object.node.path}`;
}
