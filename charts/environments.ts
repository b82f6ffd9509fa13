import type { HelloAppProps } from './hello-app';
// What app/ builds, byte for byte: `npm run image -- --pin` writes it, and
// `npm test` fails when app/ no longer builds exactly this image.
import image from './image.json';

/** One deployment target: its namespace and the app settings it overrides. */
export interface Environment {
  /** Chart ID and dist/ file name; also the Pulumi stack's `environment`. */
  readonly name: string;
  /** Namespace every object lands in; the chart creates it. */
  readonly namespace: string;
  /** Settings for the HelloApp construct in this environment. */
  readonly app: HelloAppProps;
}

/** The image every environment runs, pinned by digest: reviewers approve bytes, not a mutable tag. */
export const IMAGE = `${image.repository}:${image.tag}@${image.digest}`;

/**
 * Every environment, in the order they are synthesized. Edit here, then `npm run synth`.
 * Each is served by a LoadBalancer Service, HelloApp's default `serviceType`.
 */
export const ENVIRONMENTS: readonly Environment[] = [
  {
    name: 'local',
    namespace: 'hello-local',
    app: {
      image: IMAGE,
      instance: 'hello-app-local',
      minReplicas: 2,
      maxReplicas: 4,
      targetCpuUtilization: 50,
      // Short, so a laptop (and the e2e tier) sees the scale-down within a minute.
      scaleDownStabilizationSeconds: 30,
      // The local nodes are processes on one machine, and its control plane
      // notices a lost one within 10 s: its pods are replaced within half a minute.
      nodeLossSeconds: 10,
      // One canary pod beside two stable ones takes about a third of the requests;
      // a short window, so a laptop (and the e2e tier) has a verdict in 15 s.
      canary: { replicas: 1, analysisSeconds: 15 },
      greeting: 'Hello, world!',
      logLevel: 'debug',
      // Sized so two replicas plus a surge pod fit a 2-CPU laptop cluster.
      cpuRequest: '50m',
      cpuLimit: '250m',
      memoryRequest: '32Mi',
      memoryLimit: '64Mi',
    },
  },
  {
    name: 'production',
    namespace: 'hello-production',
    app: {
      image: IMAGE,
      instance: 'hello-app-production',
      minReplicas: 3,
      maxReplicas: 10,
      targetCpuUtilization: 70,
      greeting: 'Hello, world!',
      logLevel: 'info',
      cpuRequest: '100m',
      cpuLimit: '500m',
      memoryRequest: '48Mi',
      memoryLimit: '96Mi',
    },
  },
];

/** The environment with this name, or an Error listing the known ones. */
export function findEnvironment(name: string): Environment {
  const environment = ENVIRONMENTS.find((e) => e.name === name);
  if (!environment) {
    throw new Error(`unknown environment ${JSON.stringify(name)}: expected one of ${ENVIRONMENTS.map((e) => e.name).join(', ')}`);
  }
  return environment;
}
