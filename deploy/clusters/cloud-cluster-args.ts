/** What a cloud stack's cluster needs from config: how many nodes, and of what size. */
export interface CloudClusterArgs {
  /** Worker nodes. */
  readonly nodeCount: number;
  /** Machine type (GKE, e.g. `e2-small`) or instance type (EKS, e.g. `t3.small`). */
  readonly machineType: string;
}
