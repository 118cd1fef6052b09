module "mongodb_atlas" {
  source = "../../modules/mongodb-atlas"

  atlas_project_id       = var.atlas_project_id
  atlas_region           = var.atlas_region
  atlas_cidr_block       = var.atlas_cidr_block
  aws_account_id         = data.aws_caller_identity.current.account_id
  vpc_id                 = module.vpc.vpc_id
  vpc_cidr_block         = module.vpc.vpc_cidr_block
  vpc_region             = var.region
  route_table_ids        = module.vpc.private_route_table_ids
  node_security_group_id = module.eks.cluster_security_group_id
}
