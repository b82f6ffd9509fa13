// The drift check's answer, for a terminal or a workflow log.
import { Finding } from './compare';

/** One block per drifted object, one line per field; or one line saying everything matches. */
export function renderReport(findings: readonly Finding[], manifestFile: string, stack: string, objectCount: number): string {
  if (findings.length === 0) {
    return `no drift: the ${objectCount} objects of ${manifestFile} (stack ${stack}) match the cluster\n`;
  }
  const objects = [...new Set(findings.map((f) => f.object))];
  const lines = [`drift: ${findings.length} field${findings.length === 1 ? '' : 's'} in ${objects.length} object${objects.length === 1 ? '' : 's'} differ from ${manifestFile} (stack ${stack})`];
  for (const object of objects) {
    lines.push(object);
    for (const f of findings.filter((x) => x.object === object)) {
      lines.push(`  ${f.field}: live ${f.live}, desired ${f.desired} (${f.managers.join(', ')})`);
    }
  }
  lines.push('`pulumi up --refresh` puts back declared fields; a field dist/ does not declare may stay: remove it with kubectl, or declare it in the chart.');
  return `${lines.join('\n')}\n`;
}
