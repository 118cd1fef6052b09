cluster_name       = "prod"
account_id         = "111111111111"
region             = "eu-west-1"
azs                = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
vpc_cidr           = "10.10.0.0/16"
kubernetes_version = "1.33"
admin_role_arns = [
  "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmin",
  "arn:aws:iam::111111111111:role/ci-terraform-apply",
]
endpoint_public_access_cidrs = []
domain                       = "prod.pier-platform.example"
edge_certificate_arn         = "arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000"
ingress_alb_dns_name         = ""
atlas_project_id             = "000000000000000000000000"
atlas_region                 = "EU_WEST_1"
atlas_cidr_block             = "192.168.248.0/21"
datadog_external_id          = "replace-with-the-external-id-from-datadog"
gitops_repo_url              = "https://github.com/example/pier.git"
gitops_revision              = "main"
other_cluster_arns           = ["arn:aws:eks:eu-west-1:222222222222:cluster/nonprod"]

system_node_group = {
  min_size     = 2
  max_size     = 3
  desired_size = 2
}

pier_database = {
  instance_class = "db.r8g.large"
  multi_az       = true
}
