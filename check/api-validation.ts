import { execFile } from 'child_process';
import { promisify } from 'util';
import { ManifestObject, objectName, Problem } from './manifest-check';

const execFileAsync = promisify(execFile);

/**
 * Runs tools/k8s-validate: the API server's own create-time validation and
 * the Pod Security Standards at `podSecurity` (for example restricted:v1.37),
 * both from one pinned k8s.io/kubernetes release's code. One problem per field error or
 * violation, in the API's own words.
 */
export async function apiValidation(binary: string, files: string[], objects: ManifestObject[], podSecurity: string): Promise<Problem[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(binary, ['-pod-security', podSecurity, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  } catch (err: any) {
    // Its own one-line reason (k8s-validate: FILE: what it could not read), not Node's command dump.
    const said = String(err.stderr ?? '').trim().split('\n')[0] || err.message.split('\n')[0];
    throw new Error(said);
  }
  return stdout.split('\n').filter(Boolean).map((line) => {
    const finding = JSON.parse(line);
    // The file as the other checks print it (relative to the display root).
    const match = objects.find((o) => o.path === finding.file && objectName(o.object) === finding.object);
    return {
      file: match?.file ?? finding.file,
      object: finding.object,
      path: finding.path,
      message: finding.message,
      check: finding.check, // 'api' or 'pod-security'
    };
  });
}
