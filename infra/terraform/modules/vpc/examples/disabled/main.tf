# Creates nothing: proves the module plans with create = false.
module "vpc" {
  source = "../.."

  create       = false
  name         = "disabled"
  azs          = ["eu-west-1a", "eu-west-1b"]
  cluster_name = "disabled"
}
