import { createHash } from 'crypto';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IntOrString, KubeNetworkPolicy, KubePodDisruptionBudget, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { CANARY_ANALYSIS_ANNOTATION, CANARY_SUFFIX, CanaryProps, CanarySettings, resolveCanary, TRACK_LABEL } from './canary';
import { HelloAppAutoscaler } from './hello-app-autoscaler';
import {
  checkDnsLabel, checkEnvName, checkGreeting, checkImage, checkInteger, checkLabelValue, checkPort,
  invalid, parseCpuMillis, parseMemoryKibibytes,
} from './validation';

/** Log levels the Go app understands. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface HelloAppProps {
  /** Container image, pinned by tag or digest (never `:latest`). */
  readonly image: string;
  /** Name of every object, and the `app.kubernetes.io/name` label. @default 'hello-app' */
  readonly name?: string;
  /** The `app.kubernetes.io/instance` label, unique per installation. @default - the name */
  readonly instance?: string;
  /** The `app.kubernetes.io/version` label. @default - the image tag (required when the image is pinned by digest only) */
  readonly version?: string;
  /** The `app.kubernetes.io/part-of` label. @default 'hello-k8s' */
  readonly partOf?: string;
  /** Pods to run, when no autoscaler is configured (see `maxReplicas`). @default 2 */
  readonly replicas?: number;
  /**
   * Turns on a HorizontalPodAutoscaler that scales between `minReplicas` and
   * this many pods on CPU; it then owns the replica count, so `replicas` must be unset.
   * @default - no autoscaler: a fixed `replicas`
   */
  readonly maxReplicas?: number;
  /** Fewest pods the autoscaler keeps; also the count right after a first deploy settles. @default 2 */
  readonly minReplicas?: number;
  /** Average CPU use the autoscaler aims for, in percent of `cpuRequest`. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Seconds of low load before the autoscaler removes pods. @default 300 (the Kubernetes default) */
  readonly scaleDownStabilizationSeconds?: number;
  /** Port the app listens on inside the container. @default 8080 */
  readonly containerPort?: number;
  /** Port the Service exposes. @default 80 */
  readonly servicePort?: number;
  /** How the Service is exposed; ClusterIP or NodePort suit clusters without a load balancer. @default ServiceType.LOAD_BALANCER */
  readonly serviceType?: kplus.ServiceType;
  /** First line of every response to `GET /`. @default 'Hello, world!' */
  readonly greeting?: string;
  /** Minimum level of the app's JSON logs. @default 'info' */
  readonly logLevel?: LogLevel;
  /** Extra variables for the app's environment ConfigMap. @default - none */
  readonly env?: Record<string, string>;
  /** CPU request. @default '50m' */
  readonly cpuRequest?: string;
  /** CPU limit. @default '250m' */
  readonly cpuLimit?: string;
  /** Memory request. @default '32Mi' */
  readonly memoryRequest?: string;
  /** Memory limit. @default '64Mi' */
  readonly memoryLimit?: string;
  /**
   * Seconds Kubernetes waits after SIGTERM before killing a pod. The app drains
   * for 5 s and then gets the rest minus 5 s to finish in-flight requests.
   * @default 30
   */
  readonly terminationGraceSeconds?: number;
  /**
   * Seconds a pod stays bound to a node that stopped answering (NotReady or
   * unreachable) before Kubernetes evicts it and the Deployment replaces it on
   * a node that answers. Kubernetes' default of 300 s leaves the app short of
   * replicas for five minutes after a node is lost; the app is stateless and
   * spread over nodes, so replacing it sooner loses nothing. Much shorter than
   * 30 s and a node's brief hiccup (a kubelet restart, a network blip during an
   * upgrade) churns pods for nothing.
   * @default 30
   */
  readonly nodeLossSeconds?: number;
  /**
   * Which part of a release this renders. 'canary': only the Deployment and its
   * two ConfigMaps, named `<name>-canary`, the pods labelled `hello-k8s.io/track: canary`
   * and selected by the stable Service (same name and instance labels), with
   * `canary.replicas` pods and the analysis thresholds in an annotation.
   * @default 'stable'
   */
  readonly track?: 'stable' | 'canary';
  /** The canary a release runs first, and its analysis' thresholds. @default - CanaryProps' defaults */
  readonly canary?: CanaryProps;
}

/** UID and GID of the image's user (app/Dockerfile); runAsNonRoot needs a number. */
export const APP_USER_ID = 65532;
/** Where the file ConfigMap is mounted, and the file the app reads. */
export const CONFIG_DIR = '/etc/hello-app';
export const CONFIG_FILE_NAME = 'config.json';
/** Pod template annotation whose change makes a config change a rollout. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';
/** The Pulumi Kubernetes provider's annotation that replaces its default readiness check. */
export const PULUMI_WAIT_FOR = 'pulumi.com/waitFor';
/** Seconds /readyz answers 503 before the listener closes. */
export const DRAIN_SECONDS = 5;

// Variables the construct sets itself; `env` may not override them.
const RESERVED_ENV = ['CONFIG_FILE', 'GREETING', 'LOG_LEVEL', 'PORT'];
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** HelloAppProps with every default applied and every value checked. */
interface HelloAppSettings {
  readonly name: string;
  /** The objects' name: the name, with `-canary` on the canary track. */
  readonly objectName: string;
  /** Set on the canary track. */
  readonly canary?: CanarySettings;
  readonly image: string;
  readonly replicas: number;
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuUtilization: number; readonly scaleDownStabilizationSeconds: number };
  readonly containerPort: number;
  readonly servicePort: number;
  readonly serviceType: kplus.ServiceType;
  readonly greeting: string;
  readonly logLevel: LogLevel;
  readonly env: Record<string, string>;
  readonly cpuMillis: { readonly request: number; readonly limit: number };
  readonly memoryKibibytes: { readonly request: number; readonly limit: number };
  readonly graceSeconds: number;
  readonly nodeLossSeconds: number;
  readonly selector: Record<string, string>;
  readonly labels: Record<string, string>;
}

/**
 * The hello-app workload: a Deployment, its Service, a PodDisruptionBudget, a
 * NetworkPolicy, two ConfigMaps (environment variables, and a mounted config
 * file) and, when `maxReplicas` is set, a HorizontalPodAutoscaler.
 */
export class HelloApp extends Construct {
  public readonly deployment: kplus.Deployment;
  /** The Service; none on the canary track (the stable one selects its pods). */
  public readonly service?: kplus.Service;
  public readonly envConfigMap: kplus.ConfigMap;
  public readonly fileConfigMap: kplus.ConfigMap;
  /** The autoscaler, when `maxReplicas` turns it on. */
  public readonly autoscaler?: HelloAppAutoscaler;
  /** The labels on every object; the selector uses `name` and `instance`. */
  public readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: HelloAppProps) {
    super(scope, id);
    const settings = resolveProps(this.node.path, props);
    this.labels = settings.labels;
    this.envConfigMap = new kplus.ConfigMap(this, 'env', {
      metadata: this.metadata(settings, `${settings.objectName}-env`),
      data: { ...settings.env, GREETING: settings.greeting, LOG_LEVEL: settings.logLevel },
    });
    this.fileConfigMap = new kplus.ConfigMap(this, 'config', {
      metadata: this.metadata(settings, `${settings.objectName}-config`),
      // Shutdown timing follows the pod's grace period, so it lives with the pod spec.
      data: {
        [CONFIG_FILE_NAME]: JSON.stringify({
          drainDelay: `${DRAIN_SECONDS}s`,
          shutdownTimeout: `${settings.graceSeconds - DRAIN_SECONDS - 5}s`,
        }, null, 2) + '\n',
      },
    });
    this.deployment = this.addDeployment(settings);
    this.addAppContainer(settings);
    if (settings.canary) {
      // The release reads its thresholds here; the stable Service, budget and policy cover its pods.
      ApiObject.of(this.deployment).metadata.addAnnotation(CANARY_ANALYSIS_ANNOTATION, JSON.stringify(settings.canary));
      return;
    }
    if (settings.autoscaling) {
      this.autoscaler = new HelloAppAutoscaler(this, 'autoscaler', {
        deployment: this.deployment, name: settings.name, labels: this.labels, ...settings.autoscaling,
      });
    }
    this.service = this.addService(settings);
    this.addDisruptionBudget(settings);
    this.addNetworkPolicy(settings);
  }

  private metadata(settings: HelloAppSettings, name: string) {
    return { name, labels: settings.labels };
  }

  /** The Deployment: our readable selector, a config checksum that makes config changes rollouts, no downtime on updates. */
  private addDeployment(settings: HelloAppSettings): kplus.Deployment {
    const deployment = new kplus.Deployment(this, 'deployment', {
      metadata: this.metadata(settings, settings.objectName),
      // Unset when an autoscaler owns the count (cdk8s-plus then renders none).
      replicas: settings.canary?.replicas ?? (settings.autoscaling ? undefined : settings.replicas),
      // Our own readable selector instead of cdk8s-plus's hashed one.
      select: false,
      podMetadata: {
        labels: settings.labels,
        annotations: {
          [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(this.envConfigMap, this.fileConfigMap),
          // Where a scraper finds /metrics: the Prometheus community's pod annotations
          // (its example Kubernetes scrape config), read by most scrapers' pod discovery.
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(settings.containerPort),
          'prometheus.io/path': '/metrics',
        },
      },
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(settings.graceSeconds),
      securityContext: { user: APP_USER_ID, group: APP_USER_ID, fsGroup: APP_USER_ID, ensureNonRoot: true },
    });
    deployment.select(kplus.LabelSelector.of({ labels: settings.selector }));
    // Prefer spreading replicas over nodes and over zones, so losing a node or a
    // zone leaves the app up (cdk8s-plus matches the pods by its own
    // `cdk8s.io/metadata.addr` label). Preferred, not required: a one-node
    // cluster still runs every replica.
    deployment.scheduling.spread({ topology: kplus.Topology.HOSTNAME, weight: 100 });
    deployment.scheduling.spread({ topology: kplus.Topology.ZONE, weight: 100 });
    this.tolerateNodeLoss(deployment, settings.nodeLossSeconds);
    // Kubernetes keeps 10 old ReplicaSets by default; 5 is plenty to roll back (cdk8s-plus has no prop for it).
    ApiObject.of(deployment).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 5));
    return deployment;
  }

  /**
   * The taints the node lifecycle controller puts on a node that stopped
   * answering, tolerated for `seconds` instead of Kubernetes' default 300
   * (HelloAppProps.nodeLossSeconds says why).
   */
  private tolerateNodeLoss(deployment: kplus.Deployment, seconds: number): void {
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      deployment.scheduling.tolerate(kplus.Node.tainted(
        kplus.NodeTaintQuery.exists(key, { effect: kplus.TaintEffect.NO_EXECUTE, evictAfter: Duration.seconds(seconds) }),
      ));
    }
  }

  /** The app's container: non-root and read-only, its probes on the real port, its config mounted. */
  private addAppContainer(settings: HelloAppSettings): void {
    const port = settings.containerPort;
    const container = this.deployment.addContainer({
      name: settings.name,
      image: settings.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      ports: [{ number: port, name: 'http' }],
      envFrom: [kplus.Env.fromConfigMap(this.envConfigMap)],
      envVariables: {
        PORT: kplus.EnvValue.fromValue(String(port)),
        CONFIG_FILE: kplus.EnvValue.fromValue(`${CONFIG_DIR}/${CONFIG_FILE_NAME}`),
      },
      securityContext: {
        user: APP_USER_ID,
        group: APP_USER_ID,
        ensureNonRoot: true,
        privileged: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(settings.cpuMillis.request), limit: kplus.Cpu.millis(settings.cpuMillis.limit) },
        memory: { request: memorySize(settings.memoryKibibytes.request), limit: memorySize(settings.memoryKibibytes.limit) },
      },
      // /readyz flips to 503 at SIGTERM: a 2 s period takes the pod out of
      // the Service well within the app's drain delay.
      readiness: httpProbe('/readyz', port, 2, 1),
      liveness: httpProbe('/healthz', port, 10, 3),
      startup: httpProbe('/healthz', port, 1, 30),
    });
    container.mount(CONFIG_DIR, kplus.Volume.fromConfigMap(this, 'config-volume', this.fileConfigMap, { name: 'config' }), { readOnly: true });
    // The root filesystem is read-only; this only bounds container logs. cdk8s-plus
    // renders ephemeral storage in whole Gi only, hence the patch (one container: index 0).
    const containerPath = `/spec/template/spec/containers/${this.deployment.containers.indexOf(container)}/resources`;
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.add(`${containerPath}/requests/ephemeral-storage`, Quantity.fromString('16Mi')),
      JsonPatch.add(`${containerPath}/limits/ephemeral-storage`, Quantity.fromString('64Mi')),
    );
  }

  private addService(settings: HelloAppSettings): kplus.Service {
    const service = new kplus.Service(this, 'service', {
      metadata: {
        ...this.metadata(settings, settings.name),
        annotations: {
          // Pulumi's default Service check waits a fixed 10 s after the endpoints
          // last change. The Deployment's own check already covers pod readiness,
          // so the Service is ready once it has its address (or its cluster IP).
          [PULUMI_WAIT_FOR]: settings.serviceType === kplus.ServiceType.LOAD_BALANCER
            ? 'jsonpath={.status.loadBalancer.ingress}'
            : 'jsonpath={.spec.clusterIP}',
        },
      },
      type: settings.serviceType,
      ports: [{ name: 'http', port: settings.servicePort, targetPort: settings.containerPort }],
    });
    for (const [key, value] of Object.entries(settings.selector)) {
      service.selectLabel(key, value);
    }
    return service;
  }

  private addDisruptionBudget(settings: HelloAppSettings): void {
    // cdk8s-plus has no PodDisruptionBudget construct.
    new KubePodDisruptionBudget(this, 'pdb', {
      metadata: this.metadata(settings, settings.name),
      spec: {
        // maxUnavailable (not minAvailable) so a single-replica environment can still be
        // drained, and so the budget holds for any count the autoscaler picks.
        maxUnavailable: IntOrString.fromNumber(1),
        selector: { matchLabels: settings.selector },
      },
    });
  }

  /**
   * Only the app's port is reachable, from any peer, and the app opens no
   * connections itself. /metrics is on that port, so a Prometheus scraper in
   * any namespace reaches it through the same rule. One named policy: cdk8s-plus's connections API writes
   * a policy per peer, and has no "any peer on this port".
   */
  private addNetworkPolicy(settings: HelloAppSettings): void {
    new KubeNetworkPolicy(this, 'network-policy', {
      metadata: this.metadata(settings, settings.name),
      spec: {
        podSelector: { matchLabels: settings.selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ ports: [{ port: IntOrString.fromNumber(settings.containerPort), protocol: 'TCP' }] }],
        egress: [],
      },
    });
  }
}

/** Applies HelloAppProps' defaults and checks every value; errors name the prop and the value. */
function resolveProps(at: string, props: HelloAppProps): HelloAppSettings {
  const image = checkImage(at, 'image', props.image);
  const name = checkDnsLabel(at, 'name', props.name ?? 'hello-app');
  const instance = checkDnsLabel(at, 'instance', props.instance ?? name);
  const version = checkLabelValue(at, 'version', props.version ?? image.tag
    ?? invalid(at, 'version', 'is required when \'image\' is pinned by digest only', props.image));
  const partOf = checkLabelValue(at, 'partOf', props.partOf ?? 'hello-k8s');
  const replicas = checkInteger(at, 'replicas', props.replicas ?? 2, 1, Number.MAX_SAFE_INTEGER);
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance };
  const track = props.track ?? 'stable';
  if (track !== 'stable' && track !== 'canary') {
    invalid(at, 'track', 'must be stable or canary', track);
  }
  const canary = resolveCanary(at, props.canary); // checked on both tracks: the stable file's props are the canary's too
  return {
    name,
    objectName: track === 'canary' ? `${name}${CANARY_SUFFIX}` : name,
    ...(track === 'canary' ? { canary } : {}),
    image: props.image,
    replicas,
    autoscaling: resolveAutoscaling(at, props),
    containerPort: checkPort(at, 'containerPort', props.containerPort ?? 8080),
    servicePort: checkPort(at, 'servicePort', props.servicePort ?? 80),
    serviceType: props.serviceType ?? kplus.ServiceType.LOAD_BALANCER,
    greeting: checkGreeting(at, 'greeting', props.greeting ?? 'Hello, world!'),
    logLevel: checkLogLevel(at, props.logLevel ?? 'info'),
    env: checkExtraEnv(at, props.env ?? {}),
    cpuMillis: requestAndLimit(at, 'cpu', props.cpuRequest ?? '50m', props.cpuLimit ?? '250m', parseCpuMillis),
    memoryKibibytes: requestAndLimit(at, 'memory', props.memoryRequest ?? '32Mi', props.memoryLimit ?? '64Mi', parseMemoryKibibytes),
    graceSeconds: checkInteger(at, 'terminationGraceSeconds', props.terminationGraceSeconds ?? 30, 15, 3600),
    nodeLossSeconds: checkInteger(at, 'nodeLossSeconds', props.nodeLossSeconds ?? 30, 0, 3600),
    // The canary's Deployment selects only its own pods; the stable Service selects both.
    selector: track === 'canary' ? { ...selector, [TRACK_LABEL]: 'canary' } : selector,
    labels: {
      ...selector,
      ...(track === 'canary' ? { [TRACK_LABEL]: 'canary' } : {}),
      'app.kubernetes.io/version': version,
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': partOf,
      'app.kubernetes.io/managed-by': 'cdk8s',
    },
  };
}

function resolveAutoscaling(at: string, props: HelloAppProps): HelloAppSettings['autoscaling'] {
  if (props.maxReplicas === undefined) {
    if (props.minReplicas !== undefined) {
      invalid(at, 'minReplicas', 'needs \'maxReplicas\' (the autoscaler)', props.minReplicas);
    }
    return undefined;
  }
  if (props.replicas !== undefined) {
    invalid(at, 'replicas', 'must be unset when \'maxReplicas\' turns on the autoscaler (it owns the replica count)', props.replicas);
  }
  const minReplicas = checkInteger(at, 'minReplicas', props.minReplicas ?? 2, 1, Number.MAX_SAFE_INTEGER);
  const maxReplicas = checkInteger(at, 'maxReplicas', props.maxReplicas, 1, Number.MAX_SAFE_INTEGER);
  if (maxReplicas < minReplicas) {
    invalid(at, 'maxReplicas', `must be >= 'minReplicas' (${minReplicas})`, maxReplicas);
  }
  return {
    minReplicas,
    maxReplicas,
    targetCpuUtilization: checkInteger(at, 'targetCpuUtilization', props.targetCpuUtilization ?? 70, 1, 100),
    scaleDownStabilizationSeconds: checkInteger(at, 'scaleDownStabilizationSeconds', props.scaleDownStabilizationSeconds ?? 300, 0, 3600),
  };
}

function checkLogLevel(at: string, logLevel: LogLevel): LogLevel {
  return LOG_LEVELS.includes(logLevel) ? logLevel : invalid(at, 'logLevel', `must be one of ${LOG_LEVELS.join(', ')}`, logLevel);
}

function checkExtraEnv(at: string, env: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(env)) {
    checkEnvName(at, 'env', key);
    if (RESERVED_ENV.includes(key)) {
      invalid(at, 'env', `must not set ${RESERVED_ENV.join(', ')} (use the dedicated props)`, key);
    }
  }
  return env;
}

/** Parses `<resource>Request` and `<resource>Limit`; the request may not exceed the limit. */
function requestAndLimit(at: string, resource: string, request: string, limit: string,
  parse: (scope: string, prop: string, value: string) => number): { request: number; limit: number } {
  const parsed = { request: parse(at, `${resource}Request`, request), limit: parse(at, `${resource}Limit`, limit) };
  if (parsed.request > parsed.limit) {
    invalid(at, `${resource}Request`, `must not exceed '${resource}Limit' (${limit})`, request);
  }
  return parsed;
}

/** An HTTP GET probe on the app's port with a 1 s timeout. */
function httpProbe(path: string, port: number, periodSeconds: number, failureThreshold: number): kplus.Probe {
  return kplus.Probe.fromHttpGet(path, {
    port, periodSeconds: Duration.seconds(periodSeconds), failureThreshold, timeoutSeconds: Duration.seconds(1),
  });
}

/** SHA-256 of both ConfigMaps' data, in a key order that does not depend on insertion. */
function configChecksum(...configMaps: kplus.ConfigMap[]): string {
  const hash = createHash('sha256');
  for (const configMap of configMaps) {
    const data = configMap.data;
    for (const key of Object.keys(data).sort()) {
      hash.update(`${configMap.name}\0${key}\0${data[key]}\0`);
    }
  }
  return hash.digest('hex');
}

function memorySize(kibibytes: number): Size {
  if (kibibytes % (1024 * 1024) === 0) {
    return Size.gibibytes(kibibytes / (1024 * 1024));
  }
  if (kibibytes % 1024 === 0) {
    return Size.mebibytes(kibibytes / 1024);
  }
  return Size.kibibytes(kibibytes);
}
