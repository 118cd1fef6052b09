module "secrets" {
  source = "../../modules/secrets"

  cluster_name  = module.eks.cluster_name
  secret_prefix = local.secret_prefix
  tags          = local.tags
}
