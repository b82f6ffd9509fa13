import { parseAllDocuments } from 'yaml';

/** What the program needs to know about a dist/ file to report its outputs. */
export interface ManifestSummary {
  readonly namespace: string;
  readonly serviceName: string;
  readonly serviceType: string;
  readonly version: string;
}

/** Reads the namespace, Service and app version from a dist/ file's objects. */
export function summarizeManifest(text: string, file: string): ManifestSummary {
  const objects = parseAllDocuments(text).map((doc) => doc.toJS());
  const one = (kind: string) => {
    const found = objects.filter((o) => o?.kind === kind);
    if (found.length !== 1) {
      throw new Error(`${file}: expected exactly one ${kind}, found ${found.length}`);
    }
    return found[0];
  };
  const service = one('Service');
  const deployment = one('Deployment');
  return {
    namespace: one('Namespace').metadata.name,
    serviceName: service.metadata.name,
    serviceType: service.spec.type ?? 'ClusterIP',
    version: deployment.metadata.labels['app.kubernetes.io/version'],
  };
}
