import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { IConstruct } from 'constructs';
import { REPO_ROOT } from '../charts/paths';
import { objectName } from './manifest-check';

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * Where each object of every environment comes from, keyed by
 * `Kind/namespace/name`: the construct path and the line of the charts that
 * creates it, e.g. `charts/hello-app.ts:212, construct local/hello-app/deployment`.
 * The charts are synthesized in memory (dist/ is not touched). The line is
 * found by the layout's convention: a construct class lives in the kebab-case
 * file named after it, and creates its children with `(this, '<id>'`.
 */
export function constructSources(): Map<string, string> {
  // Loaded only when there is something to report: the happy path stays fast.
  const { ApiObject, App } = require('cdk8s') as typeof import('cdk8s');
  const { EnvironmentChart } = require('../charts/environment-chart') as typeof import('../charts/environment-chart');
  const { ENVIRONMENTS } = require('../charts/environments') as typeof import('../charts/environments');
  const app = new App();
  for (const environment of ENVIRONMENTS) {
    new EnvironmentChart(app, environment.name, { environment });
  }
  const sources = new Map<string, string>();
  for (const node of app.node.findAll()) {
    if (node instanceof ApiObject) {
      sources.set(objectName(node.toJson()), describe(node));
    }
  }
  return sources;
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
