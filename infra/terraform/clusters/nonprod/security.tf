# Each cluster has its own AWS account: SecurityHub and Inspector are enabled per account.
module "security" {
  source = "../../modules/security"
}
