// The canary's verdict from the pods' own /metrics: the error rate from
// http_requests_total and the p99 from http_request_duration_seconds, over a
// window between two scrapes of every pod. Pure: scrapes in, decision out.

/** One scrape of one pod's /metrics (Prometheus text format). */
export interface PodScrape {
  readonly pod: string;
  readonly track: 'stable' | 'canary';
  /** The app container's restart count at the scrape: a change means its counters began again at zero. */
  readonly restarts: number;
  readonly metrics: string;
}

/** When a canary is good enough to promote. */
export interface AnalysisThresholds {
  /** Highest share of the canary's requests that may answer 5xx, 0..1. */
  readonly maxErrorRate: number;
  /** Highest p99 latency of the canary's requests, in seconds. */
  readonly maxP99Seconds: number;
  /** Fewest requests the canary must answer in the window for a verdict on it. */
  readonly minRequests: number;
}

/** One track's requests in the window. */
export interface TrackFigures {
  readonly pods: number;
  readonly requests: number;
  /** Answers with a 5xx status. */
  readonly errors: number;
  readonly errorRate: number;
  /** undefined when the track answered nothing. */
  readonly p99Seconds?: number;
}

export interface Verdict {
  readonly decision: 'promote' | 'rollback';
  /** Why, one line per threshold checked, failures first. */
  readonly reasons: readonly string[];
  readonly canary: TrackFigures;
  readonly stable: TrackFigures;
}

/** A pod's request counters: answers by status code, and cumulative latency buckets by upper bound. */
interface Counters {
  readonly byCode: ReadonlyMap<string, number>;
  readonly buckets: ReadonlyMap<number, number>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The route's counters from one /metrics text, summed over the labels the verdict does not use (method). */
export function countersOf(text: string): Counters {
  const byCode = new Map<string, number>();
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (!m || line.startsWith('#')) {
      continue;
    }
    const [, name, labelText = '', raw] = m;
    const labels = Object.fromEntries([...labelText.matchAll(LABEL)].map((l) => [l[1], l[2]]));
    const value = Number(raw);
    if (name === 'http_requests_total' && labels.code) {
      byCode.set(labels.code, (byCode.get(labels.code) ?? 0) + value);
    } else if (name === 'http_request_duration_seconds_bucket' && labels.le) {
      const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + value);
    }
  }
  return { byCode, buckets };
}

/**
 * What a pod counted between two scrapes. A restart, or any counter lower
 * than before (a reset), means the later scrape counted from zero: it is the
 * window's count (Prometheus' increase() reads a reset the same way).
 */
export function windowCounters(before: PodScrape | undefined, after: PodScrape): Counters {
  const end = countersOf(after.metrics);
  if (!before || before.restarts !== after.restarts) {
    return end;
  }
  const start = countersOf(before.metrics);
  const reset = [...start.byCode].some(([k, v]) => (end.byCode.get(k) ?? 0) < v)
    || [...start.buckets].some(([k, v]) => (end.buckets.get(k) ?? 0) < v);
  if (reset) {
    return end;
  }
  const minus = <K>(a: ReadonlyMap<K, number>, b: ReadonlyMap<K, number>) => new Map([...a].map(([k, v]) => [k, v - (b.get(k) ?? 0)]));
  return { byCode: minus(end.byCode, start.byCode), buckets: minus(end.buckets, start.buckets) };
}

/** The q-quantile of cumulative buckets, interpolated within its bucket like PromQL's histogram_quantile. */
export function quantile(q: number, buckets: ReadonlyMap<number, number>): number | undefined {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Infinity) ?? 0;
  if (total <= 0) {
    return undefined;
  }
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const count = buckets.get(le)!;
    if (count >= rank) {
      if (le === Infinity) {
        return lower; // past the last finite bound: PromQL answers that bound
      }
      return lower + (le - lower) * ((rank - below) / Math.max(count - below, 1e-12));
    }
    lower = le;
    below = count;
  }
  return lower;
}

function track(name: PodScrape['track'], before: readonly PodScrape[], after: readonly PodScrape[]): TrackFigures {
  const pods = after.filter((s) => s.track === name);
  const byCode = new Map<string, number>();
  const buckets = new Map<number, number>();
  for (const pod of pods) {
    const w = windowCounters(before.find((b) => b.pod === pod.pod), pod);
    w.byCode.forEach((v, k) => byCode.set(k, (byCode.get(k) ?? 0) + v));
    w.buckets.forEach((v, k) => buckets.set(k, (buckets.get(k) ?? 0) + v));
  }
  const requests = [...byCode.values()].reduce((a, b) => a + b, 0);
  const errors = [...byCode].filter(([code]) => code.startsWith('5')).reduce((a, [, v]) => a + v, 0);
  return { pods: pods.length, requests, errors, errorRate: requests > 0 ? errors / requests : 0, p99Seconds: quantile(0.99, buckets) };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

/** The verdict on the canary from scrapes at the window's start and end. Any failed check rolls back. */
export function analyze(before: readonly PodScrape[], after: readonly PodScrape[], t: AnalysisThresholds): Verdict {
  const canary = track('canary', before, after);
  const stable = track('stable', before, after);
  const failed: string[] = [];
  const passed: string[] = [];
  const check = (ok: boolean, line: string) => (ok ? passed : failed).push(line);
  check(canary.requests >= t.minRequests, `canary answered ${canary.requests} requests, minRequests ${t.minRequests}`);
  if (canary.requests > 0) {
    check(canary.errorRate <= t.maxErrorRate, `canary error rate ${pct(canary.errorRate)} (${canary.errors} of ${canary.requests}), maxErrorRate ${pct(t.maxErrorRate)}; stable ${pct(stable.errorRate)}`);
    check(canary.p99Seconds! <= t.maxP99Seconds, `canary p99 ${ms(canary.p99Seconds!)}, maxP99Seconds ${ms(t.maxP99Seconds)}; stable ${stable.p99Seconds === undefined ? 'no requests' : ms(stable.p99Seconds)}`);
  }
  return { decision: failed.length === 0 ? 'promote' : 'rollback', reasons: [...failed.map((r) => `failed: ${r}`), ...passed.map((r) => `passed: ${r}`)], canary, stable };
}
