import { ImageReference, parseImageReference } from './image-reference';

// Input checks shared by the constructs. Each throws a plain Error that names
// the prop and the bad value, so a typo in environments.ts fails synth clearly.

/** Throws `<scope>: '<prop>' <rule>, got <value>`. */
export function invalid(scope: string, prop: string, rule: string, value: unknown): never {
  throw new Error(`${scope}: '${prop}' ${rule}, got ${JSON.stringify(value)}`);
}

export function checkInteger(scope: string, prop: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const rule = max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`;
    invalid(scope, prop, rule, value);
  }
  return value;
}

export function checkPort(scope: string, prop: string, value: number): number {
  return checkInteger(scope, prop, value, 1, 65535);
}

// RFC 1123 label, as Kubernetes requires for namespaces and most names.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function checkDnsLabel(scope: string, prop: string, value: string): string {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    invalid(scope, prop, 'must be a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters)', value);
  }
  return value;
}

// Label values: at most 63 characters, alphanumeric at both ends.
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export function checkLabelValue(scope: string, prop: string, value: string): string {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    invalid(scope, prop, 'must be a valid label value (at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends)', value);
  }
  return value;
}

// Portable environment variable names (POSIX shells and Kubernetes both accept them).
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkEnvName(scope: string, prop: string, value: string): string {
  if (!ENV_NAME.test(value)) {
    invalid(scope, prop, 'must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)', value);
  }
  return value;
}

/** The greeting the Go app accepts: non-blank, one line, at most 256 bytes. */
export const MAX_GREETING_BYTES = 256;

export function checkGreeting(scope: string, prop: string, value: string): string {
  if (value.trim() === '') {
    invalid(scope, prop, 'must not be blank', value);
  }
  if (/[\r\n]/.test(value)) {
    invalid(scope, prop, 'must be a single line', value);
  }
  if (Buffer.byteLength(value, 'utf8') > MAX_GREETING_BYTES) {
    invalid(scope, prop, `must be at most ${MAX_GREETING_BYTES} bytes`, value);
  }
  return value;
}

/** Parses an image reference that is pinned by a tag other than `latest`, or by digest. */
export function checkImage(scope: string, prop: string, value: string): ImageReference {
  let reference: ImageReference;
  try {
    reference = parseImageReference(value);
  } catch (err) {
    return invalid(scope, prop, `must be a valid image reference (${(err as Error).message})`, value);
  }
  if (reference.tag === undefined && reference.digest === undefined) {
    invalid(scope, prop, 'must be pinned by tag or digest', value);
  }
  if (reference.tag === 'latest' && reference.digest === undefined) {
    invalid(scope, prop, 'must not use the mutable tag \'latest\'', value);
  }
  return reference;
}

/** A CPU quantity in millicores, parsed from `250m` or `1`/`0.5` cores. */
export function parseCpuMillis(scope: string, prop: string, value: string): number {
  const millis = /^([1-9][0-9]*)m$/.exec(value);
  if (millis) {
    return Number(millis[1]);
  }
  if (/^[0-9]+(\.[0-9]{1,3})?$/.test(value) && Number(value) > 0) {
    return Math.round(Number(value) * 1000);
  }
  return invalid(scope, prop, 'must be a CPU quantity such as 250m or 1', value);
}

const MEMORY_UNITS: Record<string, number> = { Ki: 1, Mi: 1024, Gi: 1024 * 1024 };

/** A memory quantity in KiB, parsed from `64Mi`, `512Ki` or `1Gi`. */
export function parseMemoryKibibytes(scope: string, prop: string, value: string): number {
  const match = /^([1-9][0-9]*)(Ki|Mi|Gi)$/.exec(value);
  if (!match) {
    return invalid(scope, prop, 'must be a memory quantity such as 64Mi, 512Ki or 1Gi', value);
  }
  return Number(match[1]) * MEMORY_UNITS[match[2]];
}
