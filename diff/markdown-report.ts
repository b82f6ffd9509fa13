import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { displayName, EnvironmentDiff, FieldChange, hasChanges, ObjectChange } from './manifest-diff';

/** GitHub rejects comments over 65,536 characters; stay safely below. */
export const MAX_REPORT_CHARS = 65_000;

const value = (v: unknown) => (v === undefined ? '∅' : `\`${JSON.stringify(v)}\``);

function fieldLine(c: FieldChange): string {
  switch (c.type) {
    case 'added': return `- \`${c.path}\`: added ${value(c.after)}`;
    case 'removed': return `- \`${c.path}\`: removed (was ${value(c.before)})`;
    default: return `- \`${c.path}\`: ${value(c.before)} → ${value(c.after)}`;
  }
}

function objectSection(change: ObjectChange, environment: string): string {
  const lines = [`#### ${change.name}`, ''];
  if (change.replacedBecause) {
    lines.push(`> [!CAUTION]\n> Replaces the object: \`${change.replacedBecause}\` is immutable, so it is deleted and recreated.`, '');
  }
  if (change.restartsPods) {
    const config = change.fields.some((c) => c.path.includes('checksum/config'));
    lines.push(`> [!WARNING]\n> Restarts pods: the pod template changed${config ? ' (config checksum: a ConfigMap changed)' : ''}, so this is a rollout.`, '');
  }
  lines.push(...change.fields.map(fieldLine), '');
  const patch = createTwoFilesPatch(`base/${environment}/${change.name}`, `head/${environment}/${change.name}`,
    stringify(change.before, { lineWidth: 0 }), stringify(change.after, { lineWidth: 0 }), '', '', { context: 3 });
  lines.push('<details><summary>YAML diff</summary>', '', '```diff', patch.split('\n').slice(1).join('\n').trimEnd(), '```', '', '</details>', '');
  return lines.join('\n');
}

/** The whole report: a summary table, then each environment's objects. */
export function renderReport(diffs: EnvironmentDiff[], baseRef: string): string {
  const changedEnvs = diffs.filter(hasChanges);
  if (changedEnvs.length === 0) {
    return `## Manifest diff against \`${baseRef}\`\n\nNo changes to the synthesized manifests.\n`;
  }
  const head = [
    `## Manifest diff against \`${baseRef}\``,
    '',
    '| Environment | Added | Removed | Changed | Renamed | Restarts pods | Replaces |',
    '| --- | ---: | ---: | ---: | ---: | :---: | :---: |',
    ...diffs.map((d) => `| ${d.environment} | ${d.added.length} | ${d.removed.length} | ${d.changed.length} | ${d.renamed.length} | ${d.changed.some((c) => c.restartsPods) ? 'yes' : 'no'} | ${d.changed.some((c) => c.replacedBecause) || d.renamed.length ? 'yes' : 'no'} |`),
    '',
  ].join('\n');
  const sections: string[] = [];
  for (const d of changedEnvs) {
    const lines = [`### ${d.environment}`, ''];
    lines.push(...d.added.map((o) => `- **added** ${displayName(o)}`));
    lines.push(...d.removed.map((o) => `- **removed** ${displayName(o)}`));
    lines.push(...d.renamed.map((r) => `- **renamed** ${r.from} → ${r.to} (the old object is deleted and a new one created)`));
    lines.push(...d.changed.map((c) => `- **changed** ${c.name}`), '');
    sections.push(lines.join('\n'));
    sections.push(...d.changed.map((c) => objectSection(c, d.environment)));
  }
  return truncate(head, sections);
}

function truncate(head: string, sections: string[]): string {
  let out = head;
  for (let i = 0; i < sections.length; i++) {
    const note = `\n> [!NOTE]\n> Report truncated to stay under GitHub's comment limit: ${sections.length - i} of ${sections.length} sections left out. Run \`npm run diff\` locally for the full report.\n`;
    if (out.length + sections[i].length + note.length > MAX_REPORT_CHARS) {
      return out + note;
    }
    out += '\n' + sections[i];
  }
  return out;
}
