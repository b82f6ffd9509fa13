import { readFileSync } from 'fs';
import { basename } from 'path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { summarizeManifest } from './manifest';

export interface HelloAppReleaseArgs {
  /** A dist/ file written by `npm run synth`; applied exactly as committed. */
  readonly manifestFile: string;
  /** The cluster to apply it to. */
  readonly provider: k8s.Provider;
  /** The environment's canary file (dist/<environment>-canary.k8s.yaml), applied beside it. @default - no canary */
  readonly canaryManifestFile?: string;
}

/**
 * One environment's reviewed manifests, applied to one cluster. The objects
 * come from the dist/ file verbatim (a yaml/v2 ConfigGroup), so what was
 * reviewed in the pull request is exactly what the cluster receives.
 */
export class HelloAppRelease extends pulumi.ComponentResource {
  /** The Service's load-balancer IP or hostname (cluster IP for other Service types). */
  public readonly address: pulumi.Output<string>;
  /** `http://<address>/`. */
  public readonly url: pulumi.Output<string>;
  public readonly namespace: string;
  /** The app version the Deployment runs (its `app.kubernetes.io/version` label). */
  public readonly version: string;

  constructor(name: string, args: HelloAppReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('hello-k8s:index:HelloAppRelease', name, {}, opts);
    const yaml = readFileSync(args.manifestFile, 'utf8');
    const summary = summarizeManifest(yaml, basename(args.manifestFile));
    this.namespace = summary.namespace;
    this.version = summary.version;

    // The file's text, not its path: the plan then depends only on reviewed bytes.
    const manifests = new k8s.yaml.v2.ConfigGroup(`${name}-manifests`, { yaml }, {
      parent: this,
      provider: args.provider,
    });

    if (args.canaryManifestFile) {
      // `npm run release` targets this group alone (its children's names end in -canary), so the stable objects stay as deployed.
      new k8s.yaml.v2.ConfigGroup(`${name}-canary`, { yaml: readFileSync(args.canaryManifestFile, 'utf8') }, { parent: this, provider: args.provider });
    }

    // The Service as the group applied it: the provider returns it once it has
    // its load-balancer address (the pulumi.com/waitFor in dist/), so no read-back.
    const service = manifests.resources.apply((resources) => {
      const services = resources.filter((r): r is k8s.core.v1.Service => k8s.core.v1.Service.isInstance(r));
      if (services.length !== 1) {
        throw new Error(`${basename(args.manifestFile)}: the applied group holds ${services.length} Services, expected 1`);
      }
      return pulumi.all([services[0].spec, services[0].status]);
    });
    this.address = service.apply(([spec, status]) => {
      if (summary.serviceType !== 'LoadBalancer') {
        return spec.clusterIP;
      }
      const ingress = status.loadBalancer?.ingress?.[0];
      const address = ingress?.ip || ingress?.hostname;
      if (!address) {
        throw new Error(`Service ${summary.namespace}/${summary.serviceName} has no load-balancer address`);
      }
      return address;
    });
    this.url = pulumi.interpolate`http://${this.address}/`;

    this.registerOutputs({
      address: this.address,
      url: this.url,
      namespace: this.namespace,
      version: this.version,
    });
  }
}
