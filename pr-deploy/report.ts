// The pull-request comment's deploy section: what a real deploy of the pull
// request's dist/ over the base branch's did under steady load. Pure: figures in, Markdown out.
import { renderReleaseReport, ReleaseFigures } from '../release/report';
import type { LoadResult } from './loadgen';

/** What hello-loadgen measured while the pull request's dist/ was deployed. */
export type LoadFigures = Pick<LoadResult, 'requests' | 'errors' | 'seconds' | 'requests_per_second' | 'p50_ms' | 'p99_ms' | 'greetings' | 'error_samples'>
  & Partial<Pick<LoadResult, 'per_second'>>;

/** One run of `npm run pr:deploy`, as its figures file records it. */
export interface DeployFigures {
  /** The base ref, e.g. origin/main. */
  readonly base: string;
  /** Which cluster: its kubeconfig context. @default "the cluster" */
  readonly cluster?: string;
  readonly url: string;
  /** The first line of the URL's answer after the deploy, or the error. */
  readonly answer: string;
  readonly load: LoadFigures;
  /** Each app pod after the deploy and its containers' restarts. */
  readonly pods: readonly { readonly name: string; readonly restarts: number }[];
  readonly baseDeploySeconds: number;
  readonly deploySeconds: number;
  /** When this tree's `pulumi up` started, in seconds after the load did. */
  readonly deployStartedAt?: number;
  /** With --canary: the release's steps and decision; deploySeconds is then all of them. */
  readonly release?: ReleaseFigures;
}

const n = (x: number) => x.toLocaleString('en-US');
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** The Markdown section; it leads with a one-line verdict. */
export function renderDeployReport(f: DeployFigures): string {
  const restarts = f.pods.reduce((sum, p) => sum + p.restarts, 0);
  const ok = f.load.errors === 0 && restarts === 0 && f.pods.length > 0;
  const greetings = Object.entries(f.load.greetings).sort((a, b) => b[1] - a[1]).map(([g, c]) => `\`${g}\` ${n(c)}`).join(', ');
  const lines = [
    `### ${ok ? '✅' : '❌'} Deployed under load: ${n(f.load.errors)} of ${n(f.load.requests + f.load.errors)} requests failed, ${restarts} pod restart${restarts === 1 ? '' : 's'}`,
    '',
    `On ${f.cluster ? `cluster \`${f.cluster}\`` : 'the cluster'}: \`${f.base}\`'s \`dist/local.k8s.yaml\` deployed with \`pulumi up\`, then this pull request's, while steady load went through ${f.url}.`,
    '',
    '| | |',
    '| --- | --- |',
    `| The URL's answer after the deploy | \`${f.answer}\` |`,
    `| Requests during the change | ${n(f.load.requests + f.load.errors)} sent in ${f.load.seconds.toFixed(1)} s (${n(Math.round(f.load.requests_per_second))}/s), ${n(f.load.errors)} failed |`,
    `| Latency | p50 ${ms(f.load.p50_ms)}, p99 ${ms(f.load.p99_ms)} |`,
    `| Answers by greeting | ${greetings || 'none'} |`,
    `| Pods after the deploy | ${f.pods.map((p) => `\`${p.name}\` ${p.restarts} restart${p.restarts === 1 ? '' : 's'}`).join(', ') || 'none'} |`,
    `| \`pulumi up\` | base ${f.baseDeploySeconds.toFixed(1)} s, this pull request ${f.deploySeconds.toFixed(1)} s${f.release ? ' (the release\'s steps)' : ''} |`,
  ];
  if (f.release) {
    lines.push('', renderReleaseReport(f.release).trimEnd());
  }
  if (f.load.per_second && f.deployStartedAt !== undefined) {
    lines.push('', ...timelineMermaid(f.load.per_second, f.deployStartedAt, f.deploySeconds));
  }
  const samples = f.load.error_samples ?? [];
  if (samples.length > 0) {
    lines.push('', `Failed requests (first ${Math.min(samples.length, 5)}):`, '', ...samples.slice(0, 5).map((s) => `- \`${s}\``));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The run second by second as a Mermaid chart, which GitHub draws in the
 * comment: bars for answered requests, a red line for failed ones.
 */
export function timelineMermaid(perSecond: NonNullable<LoadFigures['per_second']>, deployStartedAt: number, deploySeconds: number): string[] {
  const seconds = perSecond.slice(0, -1); // the last second is cut short by the run's end
  const from = Math.floor(deployStartedAt);
  const to = Math.ceil(deployStartedAt + deploySeconds);
  return [
    '```mermaid',
    '---',
    'config:',
    '  themeVariables:',
    '    xyChart:',
    '      plotColorPalette: "#4e79a7, #d62728"',
    '---',
    'xychart-beta',
    `  title "Requests per second (bars: answered, red line: failed); pulumi up from second ${from} to ${to}"`,
    `  x-axis "second of the run" [${seconds.map((_, t) => t).join(', ')}]`,
    '  y-axis "requests"',
    `  bar [${seconds.map((s) => s.ok).join(', ')}]`,
    `  line [${seconds.map((s) => s.failed).join(', ')}]`,
    '```',
  ];
}
