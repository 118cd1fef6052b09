# Creates nothing: proves the module plans with create = false.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

module "edge" {
  source = "../.."
  providers = {
    aws.us_east_1 = aws.us_east_1
  }

  create              = false
  cluster_name        = "disabled"
  vpc_id              = "vpc-00000000"
  vpc_cidr            = "10.0.0.0/16"
  domain_names        = []
  acm_certificate_arn = "arn:aws:acm:us-east-1:000000000000:certificate/disabled"
}
