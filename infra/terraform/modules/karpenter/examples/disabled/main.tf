# Creates nothing: proves the module plans with create = false.
module "karpenter" {
  source = "../.."

  create       = false
  cluster_name = "disabled"
}
