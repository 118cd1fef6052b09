module "pier" {
  source = "../../modules/pier"

  cluster_name             = module.eks.cluster_name
  vpc_id                   = module.vpc.vpc_id
  subnet_ids               = module.vpc.private_subnet_ids
  client_security_group_id = module.eks.cluster_security_group_id
  secret_prefix            = local.secret_prefix
  kms_key_arn              = module.secrets.kms_key_arn
  readable_cluster_arns    = concat([module.eks.cluster_arn], var.other_cluster_arns)
  assumable_role_arns      = var.pier_assumable_role_arns
  kubernetes_reader_arns   = var.pier_role_arns
  oidc_provider_arn        = module.eks.oidc_provider_arn
  secret_admin_arns        = var.admin_role_arns
  database                 = var.pier_database
}
