// The canary's verdict on /metrics recorded from real hello-app processes
// (testdata/: app/'s build, a copy whose / fails every 4th request, a copy that
// answers in 300 ms, and a fresh process that has served nothing).
import { readFileSync } from 'fs';
import { join } from 'path';
import { analyze, countersOf, PodScrape, quantile, windowCounters } from '../../release/analysis';

const metrics = (name: string) => readFileSync(join(__dirname, 'testdata', `metrics-${name}.txt`), 'utf8');
const scrape = (pod: string, track: PodScrape['track'], name: string, restarts = 0): PodScrape => ({ pod, track, restarts, metrics: metrics(name) });
const THRESHOLDS = { maxErrorRate: 0.01, maxP99Seconds: 0.25, minRequests: 10 };
// The stable pods over the same window: 5 requests before, 20 after.
const stableBefore = [scrape('stable-a', 'stable', '5-restarted'), scrape('stable-b', 'stable', '5-restarted')];
const stableAfter = [scrape('stable-a', 'stable', '20-ok'), scrape('stable-b', 'stable', '20-ok')];

test('a scrape\'s route counters: answers by code, cumulative buckets; the Go runtime\'s series ignored', () => {
  const c = countersOf(metrics('40-bad'));
  expect(Object.fromEntries(c.byCode)).toStrictEqual({ 200: 30, 500: 10 });
  expect(c.buckets.get(Infinity)).toBe(40);
  expect(countersOf(metrics('0-fresh')).byCode.size).toBe(0);
});

test.each([
  ['a good canary is promoted', '20-ok', 'promote', { requests: 20, errors: 0 }],
  ['a canary whose / fails every 4th request is rolled back', '40-bad', 'rollback', { requests: 40, errors: 10 }],
  ['a canary answering in 300 ms is rolled back on p99', '10-slow', 'rollback', { requests: 10, errors: 0 }],
  ['a canary that served nothing is rolled back: no evidence is not a pass', '0-fresh', 'rollback', { requests: 0, errors: 0 }],
])('%s', (_case, canary, decision, figures) => {
  const v = analyze([...stableBefore, scrape('canary-a', 'canary', '0-fresh')], [...stableAfter, scrape('canary-a', 'canary', canary)], THRESHOLDS);
  expect(v.decision).toBe(decision);
  expect(v.canary).toMatchObject({ pods: 1, ...figures });
  expect(v.stable).toMatchObject({ pods: 2, requests: 30, errors: 0, errorRate: 0 });
  expect(v.reasons.some((r) => r.startsWith('failed: '))).toBe(decision === 'rollback');
});

test('the reasons name each threshold and its value, failures first', () => {
  const v = analyze([], [scrape('canary-a', 'canary', '40-bad'), ...stableAfter], THRESHOLDS);
  expect(v.reasons).toStrictEqual([
    'failed: canary error rate 25.00% (10 of 40), maxErrorRate 1.00%; stable 0.00%',
    'passed: canary answered 40 requests, minRequests 10',
    'passed: canary p99 0.5 ms, maxP99Seconds 250.0 ms; stable 0.5 ms',
  ]);
  expect(analyze([], [scrape('canary-a', 'canary', '0-fresh')], THRESHOLDS).reasons).toStrictEqual(['failed: canary answered 0 requests, minRequests 10']);
});

test.each([
  ['counters that grew: the difference', scrape('p', 'canary', '5-restarted'), scrape('p', 'canary', '20-ok'), 15],
  ['a counter lower than before (the process started again): the later count', scrape('p', 'canary', '20-ok'), scrape('p', 'canary', '5-restarted'), 5],
  ['a restart the kubelet counted: the later count, even where it is higher', scrape('p', 'canary', '5-restarted', 0), scrape('p', 'canary', '20-ok', 1), 20],
  ['a pod that appeared in the window: counted from zero', undefined, scrape('p', 'canary', '20-ok'), 20],
])('window: %s', (_case, before, after, requests) => {
  expect(windowCounters(before, after).byCode.get('200')).toBe(requests);
});

test('p99 interpolates within its bucket like histogram_quantile; nothing answered has none', () => {
  expect(quantile(0.99, countersOf(metrics('10-slow')).buckets)).toBeCloseTo(0.4975, 6);
  expect(quantile(0.99, countersOf(metrics('20-ok')).buckets)).toBeCloseTo(0.000495, 9);
  expect(quantile(0.99, new Map([[0.5, 0], [Infinity, 3]]))).toBe(0.5);
  expect(quantile(0.99, countersOf(metrics('0-fresh')).buckets)).toBeUndefined();
});
