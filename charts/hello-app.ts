import { createHash } from 'crypto';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IntOrString, KubeNetworkPolicy, KubePodDisruptionBudget, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
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
  /** Fewest pods the autoscaler keeps. @default 2 */
  readonly minReplicas?: number;
  /** Average CPU use the autoscaler aims for, in percent of `cpuRequest`. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Seconds of low load before the autoscaler removes pods. @default 300 */
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

/**
 * The hello-app workload: a Deployment, its Service, a PodDisruptionBudget, a
 * NetworkPolicy, and two ConfigMaps (environment variables, and a mounted config file).
 */
export class HelloApp extends Construct {
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  public readonly envConfigMap: kplus.ConfigMap;
  public readonly fileConfigMap: kplus.ConfigMap;
  /** The autoscaler, when `maxReplicas` turns it on. */
  public readonly autoscaler?: HelloAppAutoscaler;
  /** The labels on every object; the selector uses `name` and `instance`. */
  public readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: HelloAppProps) {
    super(scope, id);
    const at = this.node.path;

    const image = checkImage(at, 'image', props.image);
    const name = checkDnsLabel(at, 'name', props.name ?? 'hello-app');
    const instance = checkDnsLabel(at, 'instance', props.instance ?? name);
    const version = checkLabelValue(at, 'version', props.version ?? image.tag
      ?? invalid(at, 'version', 'is required when \'image\' is pinned by digest only', props.image));
    const partOf = checkLabelValue(at, 'partOf', props.partOf ?? 'hello-k8s');
    const replicas = checkInteger(at, 'replicas', props.replicas ?? 2, 1, Number.MAX_SAFE_INTEGER);
    const autoscaled = props.maxReplicas !== undefined;
    if (autoscaled && props.replicas !== undefined) {
      invalid(at, 'replicas', 'must be unset when \'maxReplicas\' turns on the autoscaler (it owns the replica count)', props.replicas);
    }
    if (!autoscaled && props.minReplicas !== undefined) {
      invalid(at, 'minReplicas', 'needs \'maxReplicas\' (the autoscaler)', props.minReplicas);
    }
    const containerPort = checkPort(at, 'containerPort', props.containerPort ?? 8080);
    const servicePort = checkPort(at, 'servicePort', props.servicePort ?? 80);
    const serviceType = props.serviceType ?? kplus.ServiceType.LOAD_BALANCER;
    const greeting = checkGreeting(at, 'greeting', props.greeting ?? 'Hello, world!');
    const logLevel = props.logLevel ?? 'info';
    if (!LOG_LEVELS.includes(logLevel)) {
      invalid(at, 'logLevel', `must be one of ${LOG_LEVELS.join(', ')}`, logLevel);
    }
    const extraEnv = props.env ?? {};
    for (const key of Object.keys(extraEnv)) {
      checkEnvName(at, 'env', key);
      if (RESERVED_ENV.includes(key)) {
        invalid(at, 'env', `must not set ${RESERVED_ENV.join(', ')} (use the dedicated props)`, key);
      }
    }
    const resources = {
      cpuRequest: props.cpuRequest ?? '50m',
      cpuLimit: props.cpuLimit ?? '250m',
      memoryRequest: props.memoryRequest ?? '32Mi',
      memoryLimit: props.memoryLimit ?? '64Mi',
    };
    const cpuRequest = parseCpuMillis(at, 'cpuRequest', resources.cpuRequest);
    const cpuLimit = parseCpuMillis(at, 'cpuLimit', resources.cpuLimit);
    if (cpuRequest > cpuLimit) {
      invalid(at, 'cpuRequest', `must not exceed 'cpuLimit' (${resources.cpuLimit})`, resources.cpuRequest);
    }
    const memoryRequest = parseMemoryKibibytes(at, 'memoryRequest', resources.memoryRequest);
    const memoryLimit = parseMemoryKibibytes(at, 'memoryLimit', resources.memoryLimit);
    if (memoryRequest > memoryLimit) {
      invalid(at, 'memoryRequest', `must not exceed 'memoryLimit' (${resources.memoryLimit})`, resources.memoryRequest);
    }
    const graceSeconds = checkInteger(at, 'terminationGraceSeconds', props.terminationGraceSeconds ?? 30, 15, 3600);

    const selector = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': instance,
    };
    this.labels = {
      ...selector,
      'app.kubernetes.io/version': version,
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': partOf,
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    const metadata = (objectName: string) => ({ name: objectName, labels: this.labels });

    this.envConfigMap = new kplus.ConfigMap(this, 'env', {
      metadata: metadata(`${name}-env`),
      data: { ...extraEnv, GREETING: greeting, LOG_LEVEL: logLevel },
    });
    this.fileConfigMap = new kplus.ConfigMap(this, 'config', {
      metadata: metadata(`${name}-config`),
      data: {
        // Shutdown timing follows the pod's grace period, so it lives with the pod spec.
        [CONFIG_FILE_NAME]: JSON.stringify({
          drainDelay: `${DRAIN_SECONDS}s`,
          shutdownTimeout: `${graceSeconds - DRAIN_SECONDS - 5}s`,
        }, null, 2) + '\n',
      },
    });

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: metadata(name),
      replicas: autoscaled ? undefined : replicas,
      // Our own readable selector instead of cdk8s-plus's hashed one.
      select: false,
      podMetadata: {
        labels: this.labels,
        annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(this.envConfigMap, this.fileConfigMap) },
      },
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(graceSeconds),
      securityContext: {
        user: APP_USER_ID,
        group: APP_USER_ID,
        fsGroup: APP_USER_ID,
        ensureNonRoot: true,
      },
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selector }));
    if (autoscaled) {
      this.autoscaler = new HelloAppAutoscaler(this, 'autoscaler', {
        deployment: this.deployment,
        name,
        labels: this.labels,
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas!,
        targetCpuUtilization: props.targetCpuUtilization,
        scaleDownStabilizationSeconds: props.scaleDownStabilizationSeconds,
      });
    }

    const port = { number: containerPort, name: 'http' };
    const container = this.deployment.addContainer({
      name,
      image: props.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      ports: [port],
      envFrom: [kplus.Env.fromConfigMap(this.envConfigMap)],
      envVariables: {
        PORT: kplus.EnvValue.fromValue(String(containerPort)),
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
        cpu: { request: kplus.Cpu.millis(cpuRequest), limit: kplus.Cpu.millis(cpuLimit) },
        memory: { request: memorySize(memoryRequest), limit: memorySize(memoryLimit) },
      },
      // /readyz flips to 503 at SIGTERM: a 2 s period takes the pod out of
      // the Service well within the app's drain delay.
      readiness: kplus.Probe.fromHttpGet('/readyz', {
        port: containerPort,
        periodSeconds: Duration.seconds(2),
        failureThreshold: 1,
        timeoutSeconds: Duration.seconds(1),
      }),
      liveness: kplus.Probe.fromHttpGet('/healthz', {
        port: containerPort,
        periodSeconds: Duration.seconds(10),
        failureThreshold: 3,
        timeoutSeconds: Duration.seconds(1),
      }),
      startup: kplus.Probe.fromHttpGet('/healthz', {
        port: containerPort,
        periodSeconds: Duration.seconds(1),
        failureThreshold: 30,
        timeoutSeconds: Duration.seconds(1),
      }),
    });
    container.mount(CONFIG_DIR, kplus.Volume.fromConfigMap(this, 'config-volume', this.fileConfigMap, { name: 'config' }), {
      readOnly: true,
    });

    this.service = new kplus.Service(this, 'service', {
      metadata: {
        ...metadata(name),
        annotations: {
          // Pulumi's default Service check waits a fixed 10 s after the endpoints
          // last change. The Deployment's own check already covers pod readiness,
          // so the Service is ready once it has its address (or its cluster IP).
          [PULUMI_WAIT_FOR]: serviceType === kplus.ServiceType.LOAD_BALANCER
            ? 'jsonpath={.status.loadBalancer.ingress}'
            : 'jsonpath={.spec.clusterIP}',
        },
      },
      type: serviceType,
      ports: [{ name: 'http', port: servicePort, targetPort: containerPort }],
    });
    for (const [key, value] of Object.entries(selector)) {
      this.service.selectLabel(key, value);
    }

    new KubePodDisruptionBudget(this, 'pdb', {
      metadata: metadata(name),
      spec: {
        // maxUnavailable (not minAvailable) so a single-replica environment can still be
        // drained, and so the budget holds for any count the autoscaler picks.
        maxUnavailable: IntOrString.fromNumber(1),
        selector: { matchLabels: selector },
      },
    });

    // Only the app's port is reachable, and the app opens no connections itself.
    new KubeNetworkPolicy(this, 'network-policy', {
      metadata: metadata(name),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ ports: [{ port: IntOrString.fromNumber(containerPort), protocol: 'TCP' }] }],
        egress: [],
      },
    });

    ApiObject.of(this.deployment).addJsonPatch(
      // cdk8s-plus labels pods with a construct-path hash; our selector does not need it.
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      // The root filesystem is read-only; this only bounds container logs.
      // (cdk8s-plus renders ephemeral storage in whole GiB, hence the patch.)
      JsonPatch.add('/spec/template/spec/containers/0/resources/requests/ephemeral-storage', Quantity.fromString('16Mi')),
      JsonPatch.add('/spec/template/spec/containers/0/resources/limits/ephemeral-storage', Quantity.fromString('64Mi')),
      // Prefer spreading replicas over nodes, so one node failure leaves the app up.
      JsonPatch.add('/spec/template/spec/affinity', {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 100,
            podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } },
          }],
        },
      }),
      // Kubernetes keeps 10 old ReplicaSets by default; 5 is plenty to roll back.
      JsonPatch.add('/spec/revisionHistoryLimit', 5),
    );
  }
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
