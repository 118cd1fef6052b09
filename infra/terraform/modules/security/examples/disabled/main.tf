# Creates nothing: proves the module plans with create = false.
module "security" {
  source = "../.."

  create = false
}
