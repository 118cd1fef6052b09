module "vpc" {
  source = "../../modules/vpc"

  name               = var.cluster_name
  cidr               = var.vpc_cidr
  azs                = var.azs
  cluster_name       = var.cluster_name
  single_nat_gateway = var.cluster_name != "prod"
}
