import { checkInteger, invalid } from './validation';

/**
 * How `npm run release` tries a new version before it replaces the stable one:
 * a canary Deployment beside the stable pods, behind the same Service, and the
 * thresholds its analysis of the pods' /metrics holds it to. Rendered into
 * dist/<environment>-canary.k8s.yaml, where reviewers see them.
 */
export interface CanaryProps {
  /**
   * Pods the canary runs. The Service spreads requests over every ready pod, so
   * its share of the traffic is about replicas / (replicas + stable pods).
   * @default 1
   */
  readonly replicas?: number;
  /** Seconds the analysis watches the canary before it decides. @default 30 */
  readonly analysisSeconds?: number;
  /** Highest share of the canary's answers that may be 5xx, from 0 to 1. @default 0.01 */
  readonly maxErrorRate?: number;
  /** Highest p99 latency of the canary's answers, in seconds. @default 0.25 */
  readonly maxP99Seconds?: number;
  /** Fewest requests the canary must answer in the window; fewer is no evidence, and rolls back. @default 20 */
  readonly minRequests?: number;
}

/** CanaryProps with every default applied and every value checked. */
export interface CanarySettings {
  readonly replicas: number;
  readonly analysisSeconds: number;
  readonly maxErrorRate: number;
  readonly maxP99Seconds: number;
  readonly minRequests: number;
}

/** The canary Deployment's annotation holding its CanarySettings, as JSON (what the release reads). */
export const CANARY_ANALYSIS_ANNOTATION = 'hello-k8s.io/canary-analysis';
/** The label that tells the canary's pods from the stable ones. */
export const TRACK_LABEL = 'hello-k8s.io/track';
/** The suffix of the canary's object names. */
export const CANARY_SUFFIX = '-canary';

/** Applies CanaryProps' defaults and checks every value; errors name the prop and the value. */
export function resolveCanary(at: string, props: CanaryProps = {}): CanarySettings {
  const number = (prop: string, value: number, min: number, max: number) => {
    if (!Number.isFinite(value) || value < min || value > max) {
      invalid(at, `canary.${prop}`, `must be a number from ${min} to ${max}`, value);
    }
    return value;
  };
  return {
    replicas: checkInteger(at, 'canary.replicas', props.replicas ?? 1, 1, 100),
    analysisSeconds: checkInteger(at, 'canary.analysisSeconds', props.analysisSeconds ?? 30, 5, 3600),
    maxErrorRate: number('maxErrorRate', props.maxErrorRate ?? 0.01, 0, 1),
    maxP99Seconds: number('maxP99Seconds', props.maxP99Seconds ?? 0.25, 0.001, 60),
    minRequests: checkInteger(at, 'canary.minRequests', props.minRequests ?? 20, 1, Number.MAX_SAFE_INTEGER),
  };
}
