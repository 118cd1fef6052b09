module "eks" {
  source = "../../modules/eks"

  cluster_name                 = var.cluster_name
  kubernetes_version           = var.kubernetes_version
  vpc_id                       = module.vpc.vpc_id
  subnet_ids                   = module.vpc.private_subnet_ids
  admin_role_arns              = var.admin_role_arns
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs
  system_node_group            = var.system_node_group
}
