import { readFileSync } from 'fs';
import { join } from 'path';
import { DeployFigures, renderDeployReport } from '../../pr-deploy/report';

/** The figures of a real run (npm run pr:deploy -- --base 4b30998 on this repository's local cluster, 2026-12-01). */
const REAL: DeployFigures = JSON.parse(readFileSync(join(__dirname, 'testdata', 'run-2026-12-01.json'), 'utf8'));

test('a real run\'s figures: verdict, URL answer, requests, latency, greetings, pods, deploy times', () => {
  expect(renderDeployReport(REAL)).toBe([
    '### ✅ Deployed under load: 0 of 1,163 requests failed, 0 pod restarts',
    '',
    'On the cluster: `4b30998`\'s `dist/local.k8s.yaml` deployed with `pulumi up`, then this pull request\'s, while steady load went through http://127.0.0.1/.',
    '',
    '| | |',
    '| --- | --- |',
    '| The URL\'s answer after the deploy | `Hello, world!` |',
    '| Requests during the change | 1,163 sent in 11.6 s (100/s), 0 failed |',
    '| Latency | p50 0.8 ms, p99 5.5 ms |',
    '| Answers by greeting | `Hello, world!` 1,163 |',
    '| Pods after the deploy | `hello-app-78d779548d-jjf42` 0 restarts, `hello-app-78d779548d-ndfpn` 0 restarts |',
    '| `pulumi up` | base 5.9 s, this pull request 5.7 s |',
    '',
  ].join('\n'));
});

test('failed requests or restarts turn the verdict and list the first failures', () => {
  const report = renderDeployReport({
    ...REAL,
    load: { ...REAL.load, requests: 990, errors: 10, greetings: { 'Hello, world!': 500, 'Hi!': 490 }, error_samples: ['GET http://127.0.0.1/: EOF'] },
    pods: [{ name: 'hello-app-1', restarts: 1 }],
  });
  expect(report.split('\n')[0]).toBe('### ❌ Deployed under load: 10 of 1,000 requests failed, 1 pod restart');
  expect(report).toContain('| Answers by greeting | `Hello, world!` 500, `Hi!` 490 |');
  expect(report).toContain('Failed requests (first 1):\n\n- `GET http://127.0.0.1/: EOF`\n');
});

/** A real release's figures (the e2e tier's step 12a, 2026-12-07 06:16 UTC): a greeting change promoted. */
const RELEASE = JSON.parse(readFileSync(join(__dirname, 'testdata', 'release-2026-12-07-promoted.json'), 'utf8'));

test('with --canary, the release\'s steps and decision follow the deploy\'s table', () => {
  const report = renderDeployReport({ ...REAL, deploySeconds: 40.5, release: RELEASE });
  expect(report).toContain('| `pulumi up` | base 5.9 s, this pull request 40.5 s (the release\'s steps) |\n\n### ✅ Promoted: stack `local`\n');
  expect(report).toContain('Steps: canary 5.5 s, analysis 16.6 s, promote 18.4 s.');
  expect(report.endsWith('.\n')).toBe(true);
});

/** A real run with its seconds (npm run pr:deploy -- --base 6a618ab, 2026-12-01 07:26 UTC: a rollout to two-node spread and tolerations). */
const TIMED: DeployFigures = JSON.parse(readFileSync(join(__dirname, 'testdata', 'run-2026-12-01-per-second.json'), 'utf8'));

test('a real run second by second as a Mermaid chart GitHub draws: answered bars, failed line, when pulumi up ran', () => {
  expect(renderDeployReport(TIMED)).toContain([
    '```mermaid',
    '---',
    'config:',
    '  themeVariables:',
    '    xyChart:',
    '      plotColorPalette: "#4e79a7, #d62728"',
    '---',
    'xychart-beta',
    '  title "Requests per second (bars: answered, red line: failed); pulumi up from second 4 to 15"',
    '  x-axis "second of the run" [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]',
    '  y-axis "requests"',
    '  bar [99, 100, 100, 100, 100, 100, 100, 98, 98, 99, 98, 100, 98, 100, 100, 100]',
    '  line [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]',
    '```',
  ].join('\n'));
  expect(renderDeployReport(REAL)).not.toContain('mermaid'); // a run recorded before per_second: no chart
});

test('failures show in the chart\'s red line, in the second they happened', () => {
  const failing = { ...TIMED, load: { ...TIMED.load, per_second: TIMED.load.per_second!.map((s, t) => (t === 6 ? { ...s, ok: 97, failed: 3 } : s)) } };
  expect(renderDeployReport(failing)).toContain('  line [0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n');
});
