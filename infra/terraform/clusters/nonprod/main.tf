locals {
  environment   = var.cluster_name
  secret_prefix = "${var.cluster_name}/"

  tags = {
    cluster    = var.cluster_name
    managed-by = "terraform"
    repository = "infra/terraform/clusters/${var.cluster_name}"
  }
}

data "aws_caller_identity" "current" {}
