import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkInteger, invalid } from './validation';

export interface HelloAppAutoscalerProps {
  /** The Deployment to scale; it stops setting `spec.replicas`, which the autoscaler now owns. */
  readonly deployment: kplus.Deployment;
  /** Object name. */
  readonly name: string;
  /** Labels for the autoscaler object. @default - none */
  readonly labels?: Record<string, string>;
  /** Fewest pods, also the count right after a first deploy settles. @default 2 */
  readonly minReplicas?: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /** Average CPU use the autoscaler aims for, in percent of the pods' CPU request. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Seconds the load must stay low before pods are removed. @default 300 (the Kubernetes default) */
  readonly scaleDownStabilizationSeconds?: number;
}

/**
 * An autoscaling/v2 HorizontalPodAutoscaler that scales a Deployment on CPU
 * utilization. The Deployment renders without `spec.replicas`, so neither
 * `pulumi up` nor `kubectl apply` resets what the autoscaler chose.
 */
export class HelloAppAutoscaler extends Construct {
  public readonly autoscaler: kplus.HorizontalPodAutoscaler;

  constructor(scope: Construct, id: string, props: HelloAppAutoscalerProps) {
    super(scope, id);
    const at = scope.node.path;
    const minReplicas = checkInteger(at, 'minReplicas', props.minReplicas ?? 2, 1, Number.MAX_SAFE_INTEGER);
    const maxReplicas = checkInteger(at, 'maxReplicas', props.maxReplicas, 1, Number.MAX_SAFE_INTEGER);
    if (maxReplicas < minReplicas) {
      invalid(at, 'maxReplicas', `must be >= 'minReplicas' (${minReplicas})`, maxReplicas);
    }
    const targetCpuUtilization = checkInteger(at, 'targetCpuUtilization', props.targetCpuUtilization ?? 70, 1, 100);
    const scaleDownSeconds = checkInteger(at, 'scaleDownStabilizationSeconds', props.scaleDownStabilizationSeconds ?? 300, 0, 3600);

    this.autoscaler = new kplus.HorizontalPodAutoscaler(this, 'hpa', {
      metadata: { name: props.name, labels: props.labels },
      target: props.deployment,
      minReplicas,
      maxReplicas,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(targetCpuUtilization))],
      scaleDown: {
        stabilizationWindow: Duration.seconds(scaleDownSeconds),
        // Kubernetes' own default (cdk8s-plus's is 2 pods per 5 minutes): once
        // the window has passed, go straight to what the load needs.
        policies: [{ replicas: kplus.Replicas.percent(100), duration: Duration.seconds(15) }],
      },
    });
  }
}
