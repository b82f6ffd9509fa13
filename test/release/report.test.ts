import { renderReleaseReport } from '../../release/report';

test('the decision first, each threshold\'s line, both tracks\' figures, the steps and the stable revision', () => {
  expect(renderReleaseReport({
    stack: 'local',
    settings: { replicas: 1, analysisSeconds: 15, maxErrorRate: 0.01, maxP99Seconds: 0.25, minRequests: 20 },
    steps: [
      { step: 'canary', startedUnixMs: 0, seconds: 6.1 }, { step: 'analysis', startedUnixMs: 6100, seconds: 15.4 },
      { step: 'rollback', startedUnixMs: 21500, seconds: 7.2 },
    ],
    verdict: {
      decision: 'rollback',
      reasons: ['failed: canary error rate 25.00% (120 of 480), maxErrorRate 1.00%; stable 0.00%', 'passed: canary answered 480 requests, minRequests 20'],
      canary: { pods: 1, requests: 480, errors: 120, errorRate: 0.25, p99Seconds: 0.0009 },
      stable: { pods: 2, requests: 1020, errors: 0, errorRate: 0 },
    },
    stableRevision: { before: 3, after: 3 },
  })).toBe([
    '### ↩️ Rolled back: stack `local`',
    '',
    '- failed: canary error rate 25.00% (120 of 480), maxErrorRate 1.00%; stable 0.00%',
    '- passed: canary answered 480 requests, minRequests 20',
    '',
    'Analysis over 15 s, 1 canary pod beside the stable ones behind the same Service:',
    '',
    '| Track | Pods | Requests | 5xx | p99 |',
    '| --- | --- | --- | --- | --- |',
    '| canary | 1 | 480 | 120 (25.00%) | 0.9 ms |',
    '| stable | 2 | 1020 | 0 (0.00%) | none |',
    '',
    'Steps: canary 6.1 s, analysis 15.4 s, rollback 7.2 s. The stable Deployment\'s revision: 3 → 3.',
    '',
  ].join('\n'));
});
