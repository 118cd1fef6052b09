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

# Exactly the roles app-config.production.yaml names (Pier's role may assume these and nothing else):
# each cluster's Kubernetes read-only role (modules/pier), the security account's findings role and
# the payer account's Cost Explorer role (SECURITY_FINDINGS_ROLE_NAME, PLATFORM_COST_ROLE_NAME there).
pier_assumable_role_arns = {
  EKS_PROD_READONLY_ROLE_ARN    = "arn:aws:iam::111111111111:role/pier-kubernetes-read-only"
  EKS_NONPROD_READONLY_ROLE_ARN = "arn:aws:iam::222222222222:role/pier-kubernetes-read-only"
  SECURITY_FINDINGS_ROLE        = "arn:aws:iam::333333333333:role/pier-security-findings-read-only"
  PLATFORM_COST_ROLE            = "arn:aws:iam::444444444444:role/pier-cost-explorer-read-only"
}
pier_role_arns = [
  "arn:aws:iam::111111111111:role/pier-prod",
  "arn:aws:iam::222222222222:role/pier-nonprod",
]
