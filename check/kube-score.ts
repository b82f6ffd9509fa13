import { execFile } from 'child_process';
import { promisify } from 'util';
import { ManifestObject, objectName, Problem } from './manifest-check';

const execFileAsync = promisify(execFile);

// kube-score grades: 1 critical, 5 warning, 7 almost OK, 10 OK.
const GRADE_OK = 10;

/** Runs kube-score (all default checks) on files and returns every finding. */
export async function kubeScore(binary: string, files: string[], objects: ManifestObject[]): Promise<Problem[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(binary, ['score', '--output-format', 'json', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  } catch (err: any) {
    // kube-score exits non-zero when it finds something; its JSON is still on stdout.
    if (!err.stdout) {
      throw new Error(`kube-score failed: ${err.stderr || err.message}`);
    }
    stdout = err.stdout;
  }
  const problems: Problem[] = [];
  for (const scored of JSON.parse(stdout) ?? []) {
    const { kind, metadata } = scored.type_meta ? { kind: scored.type_meta.kind, metadata: scored.object_meta } : scored;
    const match = objects.find((o) => o.object.kind === kind && o.object.metadata?.name === metadata?.name
      && (o.object.metadata?.namespace ?? undefined) === (metadata?.namespace || undefined));
    const file = match?.file ?? scored.file_name ?? files[0];
    const object = match ? objectName(match.object) : `${kind}/${metadata?.name}`;
    for (const check of scored.checks ?? []) {
      if (check.skipped || check.grade >= GRADE_OK) {
        continue;
      }
      for (const comment of check.comments ?? [{ path: '', summary: check.check.name }]) {
        problems.push({
          file,
          object,
          path: comment.path ?? '',
          message: [comment.summary, comment.description].filter(Boolean).join(': '),
          check: `kube-score/${check.check.id}`,
        });
      }
    }
  }
  return problems;
}
