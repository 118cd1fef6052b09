# Creates nothing: proves the module plans with create = false.
module "dns" {
  source = "../.."

  create       = false
  cluster_name = "disabled"
  zone_name    = "disabled.example"
}
