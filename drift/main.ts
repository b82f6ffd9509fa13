// `npm run drift [-- --stack S]`: is the cluster still what dist/ says? Compares
// the live objects of a stack with the dist/ file it applies, field by field,
// and names the field manager that changed each one.
// Exit codes: 0 the cluster matches, 1 it drifted, 2 error.
import { readFileSync } from 'fs';
import { join, relative } from 'path';
import { parseAllDocuments } from 'yaml';
import { parseOptions, runMain } from '../scripts/cli';
import { driftOf, Finding, objectName } from './compare';
import { dryRunApply, liveObjects } from './kubectl';
import { renderReport } from './report';
import { stackTarget } from './stack';

const REPO_ROOT = join(__dirname, '..');

const key = (o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function main(): number {
  const { values } = parseOptions(process.argv.slice(2), 'usage: npm run drift [-- --stack S]', { stack: { type: 'string', default: process.env.STACK ?? 'local' } });
  const target = stackTarget(REPO_ROOT, values.stack!);
  const access = { kubectl: process.env.KUBECTL ?? 'kubectl', kubeconfig: target.kubeconfig, context: target.context };
  const desired = parseAllDocuments(readFileSync(target.manifestFile, 'utf8')).map((d) => d.toJS()).filter(Boolean);
  const live = new Map(liveObjects(access, desired).map((o) => [key(o), o]));
  const present = desired.filter((d) => live.has(key(d)));
  const applied = new Map(dryRunApply(access, present).map((o) => [key(o), o]));
  const findings: Finding[] = desired.flatMap((d) => (live.has(key(d))
    ? driftOf(d, live.get(key(d)), applied.get(key(d)))
    : [{ object: objectName(d), field: '(the object)', live: '(absent)', desired: 'present', managers: ['(deleted)'] }]));
  process.stdout.write(renderReport(findings, relative(REPO_ROOT, target.manifestFile), target.stack, desired.length));
  return findings.length > 0 ? 1 : 0;
}

void runMain('drift', main);
