# Creates nothing: proves the module plans with create = false.
module "secrets" {
  source = "../.."

  create        = false
  cluster_name  = "disabled"
  secret_prefix = "disabled/"
}
