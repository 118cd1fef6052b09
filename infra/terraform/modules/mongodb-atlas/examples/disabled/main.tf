# Creates nothing: proves the module plans with create = false.
module "mongodb_atlas" {
  source = "../.."

  create                 = false
  atlas_project_id       = "000000000000000000000000"
  atlas_region           = "EU_WEST_1"
  aws_account_id         = "000000000000"
  vpc_id                 = "vpc-00000000"
  vpc_cidr_block         = "10.0.0.0/16"
  vpc_region             = "eu-west-1"
  route_table_ids        = []
  node_security_group_id = "sg-00000000"
}
