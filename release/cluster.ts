// The cluster side of a release, through kubectl: the app's pods by track,
// each pod's /metrics through the API server's pod proxy (no scraper to
// install), and the stable Deployment's revision.
import { ClusterAccess, kubectl } from '../drift/kubectl';
import type { PodScrape } from './analysis';

/** What a release watches: the app's pods in one namespace. */
export interface AppPods {
  readonly access: ClusterAccess;
  readonly namespace: string;
  /** The Service's selector: stable and canary pods both match it. */
  readonly selector: Record<string, string>;
  /** The label and value that mark a canary pod. */
  readonly canaryLabel: readonly [string, string];
  /** The port /metrics is on. */
  readonly port: number;
}

/** Every ready pod's /metrics, with its track and its app container's restarts. */
export function scrapePods(app: AppPods): PodScrape[] {
  const selector = Object.entries(app.selector).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = JSON.parse(kubectl(app.access, ['get', 'pods', '-n', app.namespace, '-l', selector, '-o', 'json'])).items as any[];
  return pods
    .filter((p) => !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'))
    .map((p) => ({
      pod: p.metadata.name,
      track: p.metadata.labels?.[app.canaryLabel[0]] === app.canaryLabel[1] ? 'canary' as const : 'stable' as const,
      restarts: (p.status.containerStatuses ?? []).reduce((sum: number, c: any) => sum + c.restartCount, 0),
      metrics: kubectl(app.access, ['get', '--raw', `/api/v1/namespaces/${app.namespace}/pods/${p.metadata.name}:${app.port}/proxy/metrics`]),
    }))
    .sort((a, b) => a.pod.localeCompare(b.pod));
}

/**
 * A Deployment's revision (its deployment.kubernetes.io/revision annotation): it
 * changes whenever its pod template does. Not metadata.generation, which an
 * autoscaler's scaling changes too.
 */
export function revision(access: ClusterAccess, namespace: string, name: string): number {
  return Number(kubectl(access, ['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}']));
}
