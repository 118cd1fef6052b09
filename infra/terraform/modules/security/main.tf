locals {
  create = var.create
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

################################################################################
# SecurityHub and its standards
################################################################################

resource "aws_securityhub_account" "this" {
  count = local.create ? 1 : 0

  enable_default_standards  = false
  control_finding_generator = "SECURITY_CONTROL"
  auto_enable_controls      = true
}

resource "aws_securityhub_standards_subscription" "this" {
  for_each = local.create ? toset(var.securityhub_standards) : toset([])

  standards_arn = "arn:${data.aws_partition.current.partition}:securityhub:${data.aws_region.current.region}::${each.value}"

  depends_on = [aws_securityhub_account.this]
}

################################################################################
# Inspector: ECR images and EC2 nodes; findings flow into SecurityHub
################################################################################

resource "aws_inspector2_enabler" "this" {
  count = local.create ? 1 : 0

  account_ids    = [data.aws_caller_identity.current.account_id]
  resource_types = var.inspector_resource_types
}

resource "aws_securityhub_product_subscription" "inspector" {
  count = local.create ? 1 : 0

  product_arn = "arn:${data.aws_partition.current.partition}:securityhub:${data.aws_region.current.region}::product/aws/inspector"

  depends_on = [aws_securityhub_account.this]
}
