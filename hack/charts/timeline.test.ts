import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { LoadSecond } from '../../pr-deploy/loadgen';
import { countPods, PodSample, runsSpec, throughputSpec, timelineSpec } from './timeline';
import { writeCharts } from './write';

const second = (ok: Record<string, number>, failed = 0): LoadSecond => ({
  ok: Object.values(ok).reduce((a, b) => a + b, 0), failed, greetings: ok, hostnames: { 'pod-a': 1 },
});
const pod = (name: string, replicaSet: string, ready = true) => ({ name, ready, replicaSet, node: 'node-1' });
const samples: PodSample[] = [
  { t: 0, desired: 2, pods: [pod('a', 'old'), pod('b', 'old')] },
  { t: 1.5, desired: 2, pods: [pod('a', 'old'), pod('b', 'old'), pod('c', 'new', false)] },
  { t: 3, desired: 2, pods: [pod('c', 'new'), pod('d', 'new')] },
];

test('countPods: a count per series at every sample, 0 where a series has no pod', () => {
  expect(countPods(samples, (p) => (p.ready ? `ReplicaSet ${p.replicaSet}` : undefined))).toStrictEqual([
    { t: 0, series: 'ReplicaSet new', pods: 0 }, { t: 0, series: 'ReplicaSet old', pods: 2 },
    { t: 1.5, series: 'ReplicaSet new', pods: 0 }, { t: 1.5, series: 'ReplicaSet old', pods: 2 },
    { t: 3, series: 'ReplicaSet new', pods: 2 }, { t: 3, series: 'ReplicaSet old', pods: 0 },
  ]);
});

test('timelineSpec: answers by greeting, failures and pods on one time axis; the last, partial second left out', () => {
  const spec: any = timelineSpec({
    title: 'rollout', answersBy: 'greetings', podsTitle: 'ready pods',
    perSecond: [second({ old: 100 }), second({ old: 40, new: 60 }, 2), second({ new: 7 })],
    pods: countPods(samples, (p) => p.replicaSet),
    markers: [{ t: 1, label: 'pulumi up' }],
  });
  const [answers, failures, pods] = spec.vconcat;
  expect(answers.layer[0].data.values).toStrictEqual([
    { t: 0, series: 'old', n: 100 }, { t: 1, series: 'old', n: 40 }, { t: 1, series: 'new', n: 60 },
  ]);
  expect(failures.layer[0].data.values).toStrictEqual([{ t: 1, t2: 2, n: 2 }]); // no bar where none failed
  expect(pods.layer[0].data.values).toHaveLength(6);
  expect(answers.layer[0].encoding.x.scale.domain).toStrictEqual([0, 3]); // the pods' last sample
  expect(answers.layer[1].data.values).toStrictEqual([{ t: 1, label: 'pulumi up' }]);
  expect(failures.layer).toHaveLength(2); // a rule, no label
});

test('throughputSpec: one line per run, the partial last second left out', () => {
  const spec: any = throughputSpec('throughput', [
    { server: 'floor', run: 1, perSecond: [second({ x: 10 }), second({ x: 11 }), second({ x: 1 })] },
    { server: 'hello-app', run: 1, perSecond: [second({ x: 9 }), second({ x: 2 })] },
  ]);
  expect(spec.data.values).toStrictEqual([
    { t: 0, server: 'floor', run: 'floor 1', n: 10 }, { t: 1, server: 'floor', run: 'floor 1', n: 11 },
    { t: 0, server: 'hello-app', run: 'hello-app 1', n: 9 },
  ]);
});

test('runsSpec: every run a tick, the rows in the order given', () => {
  const spec: any = runsSpec('deploys', [{ what: 'pulumi up', seconds: 8 }, { what: 'kubectl apply', seconds: 4 }]);
  expect(spec.data.values).toHaveLength(2);
  expect(spec.encoding.y.sort).toBeNull();
});

test('writeCharts: Vega draws the spec as an SVG with its title, axes and legend; the same spec, the same bytes', () => {
  const spec = timelineSpec({
    title: 'a rollout under load', answersBy: 'greetings', podsTitle: 'ready pods',
    perSecond: [second({ 'Hello, world!': 100 }), second({ 'Hello, e2e!': 100 }), second({})],
    pods: countPods(samples, (p) => p.replicaSet),
  });
  const [first, second_] = [mkdtempSync(join(tmpdir(), 'charts-')), mkdtempSync(join(tmpdir(), 'charts-'))]
    .map((dir) => readFileSync(writeCharts(dir, { rollout: spec })[0], 'utf8'));
  expect(first).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const text of ['a rollout under load', 'answered per second', 'seconds since the load started', 'Hello, e2e!', 'ready pods']) {
    expect(first).toContain(`>${text}</text>`);
  }
  expect(second_).toBe(first);
}, 30_000);
