import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface HelloAppAutoscalerProps {
  /** The Deployment to scale; it stops setting `spec.replicas`, which the autoscaler now owns. */
  readonly deployment: kplus.Deployment;
  /** Object name. */
  readonly name: string;
  /** Labels for the autoscaler object. @default - none */
  readonly labels?: Record<string, string>;
  /** Fewest pods, also the count right after a first deploy settles. */
  readonly minReplicas: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /** Average CPU use the autoscaler aims for, in percent of the pods' CPU request. */
  readonly targetCpuUtilization: number;
  /** Seconds the load must stay low before pods are removed. */
  readonly scaleDownStabilizationSeconds: number;
}

/**
 * An autoscaling/v2 HorizontalPodAutoscaler that scales a Deployment on CPU
 * utilization. The Deployment renders without `spec.replicas`, so neither
 * `pulumi up` nor `kubectl apply` resets what the autoscaler chose. Its owner
 * (HelloApp) applies the defaults and checks the values.
 */
export class HelloAppAutoscaler extends Construct {
  public readonly autoscaler: kplus.HorizontalPodAutoscaler;

  constructor(scope: Construct, id: string, props: HelloAppAutoscalerProps) {
    super(scope, id);
    this.autoscaler = new kplus.HorizontalPodAutoscaler(this, 'hpa', {
      metadata: { name: props.name, labels: props.labels },
      target: props.deployment,
      minReplicas: props.minReplicas,
      maxReplicas: props.maxReplicas,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.targetCpuUtilization))],
      scaleDown: {
        stabilizationWindow: Duration.seconds(props.scaleDownStabilizationSeconds),
        // Kubernetes' own default (cdk8s-plus's is 2 pods per 5 minutes): once
        // the window has passed, go straight to what the load needs.
        policies: [{ replicas: kplus.Replicas.percent(100), duration: Duration.seconds(15) }],
      },
    });
  }
}
