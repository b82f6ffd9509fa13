import * as eks from '@pulumi/eks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CloudClusterArgs } from './cloud-cluster-args';
import { KUBERNETES_MINOR } from './kubernetes-version';

/** An EKS cluster (VPC defaults from @pulumi/eks) and a provider for it. Region: `aws:region`. */
export class EksCluster extends pulumi.ComponentResource {
  public readonly provider: k8s.Provider;
  public readonly clusterName: pulumi.Output<string>;
  /** How kubectl reaches it (a secret): what `npm run drift` reads through the stack output. */
  public readonly kubeconfig: pulumi.Output<string>;

  constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('hello-k8s:index:EksCluster', name, {}, opts);
    const cluster = new eks.Cluster(name, {
      version: KUBERNETES_MINOR,
      instanceType: args.machineType,
      desiredCapacity: args.nodeCount,
      minSize: 1,
      maxSize: args.nodeCount + 1,
    }, { parent: this });
    this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
    this.provider = new k8s.Provider(`${name}-provider`, { kubeconfig: this.kubeconfig }, { parent: this });
    this.clusterName = cluster.eksCluster.name;
    this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig });
  }
}
