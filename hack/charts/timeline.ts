// Vega-Lite specs for what the e2e tier, the bench and a pull-request deploy
// observe over time. Pure: figures in, a spec out; render.mts draws it as SVG.
import type { LoadSecond } from '../../pr-deploy/loadgen';

/** A Vega-Lite specification (https://vega.github.io/vega-lite/docs/spec.html). */
export type Spec = Record<string, unknown>;

/** One look at the app's pods, `t` seconds after the load started. */
export interface PodSample {
  readonly t: number;
  readonly pods: readonly { readonly name: string; readonly ready: boolean; readonly replicaSet: string; readonly node: string }[];
  /** The Deployment's spec.replicas at that moment. */
  readonly desired: number;
}

/** One point of a pods line. */
export interface PodCount {
  readonly t: number;
  readonly series: string;
  readonly pods: number;
}

/** A moment worth a vertical rule: "pod deleted", "SIGKILL". */
export interface Marker {
  readonly t: number;
  readonly label: string;
}

export interface TimelineChartProps {
  readonly title: string;
  /** hello-loadgen's `per_second`. */
  readonly perSecond: readonly LoadSecond[];
  /** Tell the answers apart by greeting (a rollout) or by the pod that answered (a drain). */
  readonly answersBy: 'greetings' | 'hostnames';
  readonly pods: readonly PodCount[];
  readonly podsTitle: string;
  /** @default none */
  readonly markers?: readonly Marker[];
}

const WIDTH = 640;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Counts pods per series at each sample; `seriesOf` names a pod's series or
 * skips it (undefined). A series missing from a sample counts 0 there, so a
 * line drops to zero instead of ending.
 */
export function countPods(samples: readonly PodSample[], seriesOf: (pod: PodSample['pods'][number], sample: PodSample) => string | undefined): PodCount[] {
  const counted = samples.map((sample) => {
    const counts = new Map<string, number>();
    for (const pod of sample.pods) {
      const series = seriesOf(pod, sample);
      if (series !== undefined) {
        counts.set(series, (counts.get(series) ?? 0) + 1);
      }
    }
    return { t: sample.t, counts };
  });
  const names = [...new Set(counted.flatMap((c) => [...c.counts.keys()]))].sort();
  return counted.flatMap(({ t, counts }) => names.map((series) => ({ t, series, pods: counts.get(series) ?? 0 })));
}

/** The complete seconds of a run: the last one is cut short by the run's end, so it is left out. */
const whole = (perSecond: readonly LoadSecond[]) => perSecond.slice(0, -1);

/**
 * Three panels over one time axis: answers per second (stacked by greeting
 * or pod), failed requests per second, and pods; markers as rules across all.
 */
export function timelineSpec(props: TimelineChartProps): Spec {
  const seconds = whole(props.perSecond);
  const end = Math.max(seconds.length, ...props.pods.map((p) => p.t));
  const x = { field: 't', type: 'quantitative', scale: { domain: [0, end], nice: false } };
  const answers = seconds.flatMap((s, t) => Object.entries(s[props.answersBy]).map(([series, n]) => ({ t, series: series || '(none)', n })));
  // Only the seconds that had failures: no bar at all reads as none failed.
  const failures = seconds.flatMap((s, t) => (s.failed > 0 ? [{ t, t2: t + 1, n: s.failed }] : []));
  const rules = (withLabels: boolean) => (props.markers?.length ? [{
    data: { values: props.markers },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { x: { field: 't', type: 'quantitative' } } },
      ...(withLabels ? [{ mark: { type: 'text', align: 'left', dx: 3, y: 0, baseline: 'top', fontSize: 10 }, encoding: { x: { field: 't', type: 'quantitative' }, text: { field: 'label' } } }] : []),
    ],
  }] : []);
  return {
    $schema: SCHEMA,
    title: props.title,
    config: { view: { stroke: null }, axis: { labelFontSize: 10, titleFontSize: 11 }, legend: { labelLimit: 320 } },
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      {
        width: WIDTH, height: 170,
        layer: [{
          data: { values: answers },
          mark: { type: 'area', interpolate: 'step-after' },
          encoding: {
            x: { ...x, axis: { title: null, labels: false } },
            y: { field: 'n', type: 'quantitative', aggregate: 'sum', stack: 'zero', title: 'answered per second' },
            color: { field: 'series', type: 'nominal', title: props.answersBy === 'greetings' ? 'answer' : 'answered by pod' },
          },
        }, ...rules(true)],
      },
      {
        width: WIDTH, height: 50,
        layer: [{
          data: { values: failures },
          mark: { type: 'rect', color: '#d62728', clip: true },
          encoding: {
            x: { ...x, axis: { title: null, labels: false } },
            x2: { field: 't2' },
            y: { field: 'n', type: 'quantitative', title: 'failed', scale: { domain: { unionWith: [0, 1] } }, axis: { tickMinStep: 1 } },
            y2: { datum: 0 },
          },
        }, ...rules(false)],
      },
      {
        width: WIDTH, height: 100,
        layer: [{
          data: { values: props.pods },
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: { ...x, title: 'seconds since the load started' },
            y: { field: 'pods', type: 'quantitative', title: props.podsTitle, axis: { tickMinStep: 1 }, scale: { domainMin: 0 } },
            color: { field: 'series', type: 'nominal', title: null },
          },
        }, ...rules(false)],
      },
    ],
  };
}

/** One load run against one server, for a side-by-side throughput chart. */
export interface ThroughputRun {
  readonly server: string;
  readonly run: number;
  readonly perSecond: readonly LoadSecond[];
}

/** Answers per second over each run, one line per run, coloured by server. */
export function throughputSpec(title: string, runs: readonly ThroughputRun[]): Spec {
  const values = runs.flatMap((r) => whole(r.perSecond).map((s, t) => ({ t, server: r.server, run: `${r.server} ${r.run}`, n: s.ok })));
  return {
    $schema: SCHEMA,
    title,
    config: { view: { stroke: null }, axis: { labelFontSize: 10, titleFontSize: 11 }, legend: { labelLimit: 320 } },
    width: WIDTH, height: 220,
    data: { values },
    mark: { type: 'line', point: true, interpolate: 'linear' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'second of the run', axis: { tickMinStep: 1 } },
      y: { field: 'n', type: 'quantitative', title: 'answered per second', scale: { zero: true } },
      color: { field: 'server', type: 'nominal', title: null },
      detail: { field: 'run' },
    },
  };
}

/** One timed run of one command, for a chart of every run behind a bench row. */
export interface TimedRun {
  readonly what: string;
  readonly seconds: number;
}

/** Every run as a dot, one row per command: the spread behind each median. */
export function runsSpec(title: string, runs: readonly TimedRun[]): Spec {
  return {
    $schema: SCHEMA,
    title,
    config: { view: { stroke: null }, axis: { labelFontSize: 10, titleFontSize: 11, labelLimit: 360 } },
    width: WIDTH - 160,
    data: { values: runs },
    mark: { type: 'tick', thickness: 2 },
    encoding: {
      y: { field: 'what', type: 'nominal', title: null, sort: null },
      x: { field: 'seconds', type: 'quantitative', title: 'seconds (each tick one run)', scale: { zero: true } },
    },
  };
}
