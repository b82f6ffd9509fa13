import * as gcp from '@pulumi/gcp';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CloudClusterArgs } from './cloud-cluster-args';
import { KUBERNETES_MINOR } from './kubernetes-version';

/**
 * A GKE cluster with its own node pool (the default pool is removed so node
 * settings can change without recreating the cluster), and a provider for it.
 * Project and region come from the `gcp:project` and `gcp:region` config.
 */
export class GkeCluster extends pulumi.ComponentResource {
  public readonly provider: k8s.Provider;
  public readonly clusterName: pulumi.Output<string>;
  /** How kubectl reaches it (a secret): what `npm run drift` reads through the stack output. */
  public readonly kubeconfig: pulumi.Output<string>;

  constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('hello-k8s:index:GkeCluster', name, {}, opts);
    const cluster = new gcp.container.Cluster(name, {
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: false,
      // Upgrades come from the channel; the master starts at least at our minor
      // (the channel must offer it: gcloud container get-server-config).
      releaseChannel: { channel: 'REGULAR' },
      minMasterVersion: KUBERNETES_MINOR,
    }, { parent: this });
    const nodePool = new gcp.container.NodePool(`${name}-nodes`, {
      cluster: cluster.name,
      location: cluster.location,
      nodeCount: args.nodeCount,
      nodeConfig: {
        machineType: args.machineType,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      },
    }, { parent: this });

    // gke-gcloud-auth-plugin is how kubectl and the provider authenticate to GKE.
    const kubeconfig = pulumi.all([cluster.name, cluster.endpoint, cluster.masterAuth]).apply(([clusterName, endpoint, auth]) => JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: clusterName, cluster: { server: `https://${endpoint}`, 'certificate-authority-data': auth.clusterCaCertificate } }],
      users: [{ name: clusterName, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin', provideClusterInfo: true } } }],
      contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
      'current-context': clusterName,
    }));
    this.kubeconfig = pulumi.secret(kubeconfig);
    this.provider = new k8s.Provider(`${name}-provider`, { kubeconfig: this.kubeconfig }, {
      parent: this,
      dependsOn: [nodePool],
    });
    this.clusterName = cluster.name;
    this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig });
  }
}
