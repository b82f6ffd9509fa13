import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { readKubeconfig } from '../config';

export interface LocalClusterArgs {
  /** Path of a kubeconfig file: kind, minikube, k3d, Docker Desktop, or this repository's own (its harness). */
  readonly kubeconfig: string;
  /** Context to use. @default the file's current context */
  readonly context?: string;
}

/** An existing cluster reached through a kubeconfig file; defines no cloud resources. */
export class LocalCluster extends pulumi.ComponentResource {
  public readonly provider: k8s.Provider;

  constructor(name: string, args: LocalClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('hello-k8s:index:LocalCluster', name, {}, opts);
    this.provider = new k8s.Provider(`${name}-provider`, {
      // Contents, not the path: the state then does not depend on where the file lives.
      kubeconfig: pulumi.secret(readKubeconfig(args.kubeconfig)),
      context: args.context,
    }, { parent: this });
    this.registerOutputs({});
  }
}
