# Creates nothing: proves the module plans with create = false.
module "eks" {
  source = "../.."

  create             = false
  cluster_name       = "disabled"
  kubernetes_version = "1.33"
  vpc_id             = "vpc-00000000"
  subnet_ids         = []
}
