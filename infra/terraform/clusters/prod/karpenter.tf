# NodePools (spot and on-demand, Graviton r8g first, x86 fallback, consolidation) and the
# EC2NodeClass are Kubernetes objects: infra/gitops/clusters/<cluster>/manifests/karpenter/.
module "karpenter" {
  source = "../../modules/karpenter"

  cluster_name = module.eks.cluster_name
}
