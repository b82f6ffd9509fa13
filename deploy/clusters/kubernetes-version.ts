/**
 * The Kubernetes minor every cluster this program creates runs: GKE's master
 * version (within its release channel) and EKS's cluster version. Keep it on a
 * release upstream supports. The one place it is set: the offline check
 * validates against the same release (check/go.mod, kept equal by
 * test/deploy/clusters/kubernetes-version.test.ts).
 */
export const KUBERNETES_MINOR = '1.37';
