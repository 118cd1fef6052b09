/**
 * The nodepool of a node (and of its billed cost) that no nodepool label or cost allocation tag
 * names: an EKS managed node group or Fargate node, a node Karpenter did not launch, or a label the
 * config does not list. One name everywhere: the cluster reader, the billing backfill, the page.
 *
 * @public
 */
export const NO_NODEPOOL = '(no nodepool)';

/**
 * Node labels that name a node's Karpenter pool, first present wins: `karpenter.sh/nodepool`
 * (v0.32 and later) then `karpenter.sh/provisioner-name` (v1alpha5 Provisioners, before v0.32).
 * Karpenter tags the EC2 instances with the same keys, so they are the default cost allocation
 * tags too.
 *
 * @public
 */
export const DEFAULT_NODEPOOL_LABELS: readonly string[] = [
  'karpenter.sh/nodepool',
  'karpenter.sh/provisioner-name',
];
