import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { Problem } from './manifest-check';

/** A finding accepted on purpose: which check, on which objects, and why. */
export interface Exemption {
  /** Check id as printed in brackets, e.g. `kube-score/pod-networkpolicy`. */
  readonly check: string;
  /** `Kind/namespace/name`; `*` matches any one part. */
  readonly object: string;
  /** Why this finding is acceptable; required. */
  readonly reason: string;
}

export function loadExemptions(file: string): Exemption[] {
  const doc = parse(readFileSync(file, 'utf8')) ?? {};
  const exemptions: Exemption[] = doc.exemptions ?? [];
  exemptions.forEach((e, i) => {
    for (const key of ['check', 'object', 'reason'] as const) {
      if (typeof e[key] !== 'string' || e[key].trim() === '') {
        throw new Error(`${file}: exemptions[${i}].${key} must be a non-empty string, got ${JSON.stringify(e[key])}`);
      }
    }
  });
  return exemptions;
}

function matches(pattern: string, object: string): boolean {
  const want = pattern.split('/');
  const got = object.split('/');
  return want.length === got.length && want.every((part, i) => part === '*' || part === got[i]);
}

/** Splits problems into those still to fix and those an exemption covers. */
export function applyExemptions(problems: Problem[], exemptions: Exemption[]): { open: Problem[]; exempted: Problem[] } {
  const open: Problem[] = [];
  const exempted: Problem[] = [];
  for (const p of problems) {
    (exemptions.some((e) => e.check === p.check && matches(e.object, p.object)) ? exempted : open).push(p);
  }
  return { open, exempted };
}
