// What a release needs from the reviewed dist/ files: where the app runs, how
// to tell its canary pods, and the thresholds the chart rendered.
import { readFileSync } from 'fs';
import { basename } from 'path';
import { parseAllDocuments } from 'yaml';
import { CANARY_ANALYSIS_ANNOTATION, CanarySettings, TRACK_LABEL } from '../charts/canary';

export interface ReleasePlan {
  readonly namespace: string;
  /** The stable Deployment's name. */
  readonly stable: string;
  /** The canary Deployment's name. */
  readonly canary: string;
  /** The Service's selector, which both tracks' pods match. */
  readonly selector: Record<string, string>;
  readonly canaryLabel: readonly [string, string];
  /** The pods' /metrics port (their prometheus.io/port annotation). */
  readonly metricsPort: number;
  readonly settings: CanarySettings;
}

const objectsOf = (file: string) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS()).filter(Boolean);

function one(file: string, objects: any[], kind: string): any {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) {
    throw new Error(`${basename(file)}: expected exactly one ${kind}, found ${found.length}`);
  }
  return found[0];
}

/** Reads the plan from dist/<environment>.k8s.yaml and its canary file. */
export function readPlan(manifestFile: string, canaryFile: string): ReleasePlan {
  const stable = objectsOf(manifestFile);
  const canaryObjects = objectsOf(canaryFile);
  const canary = one(canaryFile, canaryObjects, 'Deployment');
  const annotation = canary.metadata.annotations?.[CANARY_ANALYSIS_ANNOTATION];
  if (!annotation) {
    throw new Error(`${basename(canaryFile)}: the Deployment has no ${CANARY_ANALYSIS_ANNOTATION} annotation: run \`npm run synth\``);
  }
  return {
    namespace: canary.metadata.namespace,
    stable: one(manifestFile, stable, 'Deployment').metadata.name,
    canary: canary.metadata.name,
    selector: one(manifestFile, stable, 'Service').spec.selector,
    canaryLabel: [TRACK_LABEL, canary.spec.template.metadata.labels[TRACK_LABEL]],
    metricsPort: Number(canary.spec.template.metadata.annotations['prometheus.io/port']),
    settings: JSON.parse(annotation),
  };
}
