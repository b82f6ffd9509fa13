// The release's report: each step's time, the analysis' figures and the
// decision with its reasons. Pure: figures in, Markdown out.
import type { CanarySettings } from '../charts/canary';
import type { Verdict } from './analysis';

/** One step of a release, with its wall-clock bounds (for charts and the e2e tier's phases). */
export interface StepFigures {
  readonly step: 'canary' | 'analysis' | 'promote' | 'rollback';
  readonly startedUnixMs: number;
  readonly seconds: number;
}

/** One run of `npm run release`, as build/release.json records it. */
export interface ReleaseFigures {
  readonly stack: string;
  readonly settings: CanarySettings;
  readonly steps: readonly StepFigures[];
  readonly verdict: Verdict;
  /** The stable Deployment's revision (its pod template's) before the canary and after the decision. */
  readonly stableRevision: { readonly before: number; readonly after: number };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const ms = (s?: number) => (s === undefined ? 'none' : `${(s * 1000).toFixed(1)} ms`);

export function renderReleaseReport(f: ReleaseFigures): string {
  const { verdict: v } = f;
  const row = (name: string, t: Verdict['canary']) => `| ${name} | ${t.pods} | ${t.requests} | ${t.errors} (${pct(t.errorRate)}) | ${ms(t.p99Seconds)} |`;
  return [
    `### ${v.decision === 'promote' ? '✅ Promoted' : '↩️ Rolled back'}: stack \`${f.stack}\``,
    '',
    ...v.reasons.map((r) => `- ${r}`),
    '',
    `Analysis over ${f.settings.analysisSeconds} s, ${f.settings.replicas} canary pod${f.settings.replicas === 1 ? '' : 's'} beside the stable ones behind the same Service:`,
    '',
    '| Track | Pods | Requests | 5xx | p99 |',
    '| --- | --- | --- | --- | --- |',
    row('canary', v.canary),
    row('stable', v.stable),
    '',
    `Steps: ${f.steps.map((s) => `${s.step} ${s.seconds.toFixed(1)} s`).join(', ')}. The stable Deployment's revision: ${f.stableRevision.before} → ${f.stableRevision.after}.`,
    '',
  ].join('\n');
}
