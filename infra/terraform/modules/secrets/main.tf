locals {
  create = var.create
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

################################################################################
# KMS key for the cluster's secrets in Secrets Manager
################################################################################

resource "aws_kms_key" "this" {
  count = local.create ? 1 : 0

  description         = "Secrets Manager secrets of ${var.cluster_name}"
  enable_key_rotation = true
  tags                = var.tags
}

resource "aws_kms_alias" "this" {
  count = local.create ? 1 : 0

  name          = "alias/${var.cluster_name}-secrets"
  target_key_id = aws_kms_key.this[0].key_id
}

################################################################################
# External Secrets Operator IAM role (Pod Identity): read-only, own prefix,
# never Pier's secrets
################################################################################

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    sid = "ReadClusterSecrets"
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:ListSecretVersionIds",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:secretsmanager:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:secret:${var.secret_prefix}*"]
  }

  # Pier's secrets are read by Pier's own SecretStore only (modules/pier).
  statement {
    sid       = "NotPierSecrets"
    effect    = "Deny"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:${data.aws_partition.current.partition}:secretsmanager:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:secret:${var.secret_prefix}pier/*"]
  }

  statement {
    sid       = "ListSecrets"
    actions   = ["secretsmanager:ListSecrets"]
    resources = ["*"]
  }

  statement {
    sid       = "Decrypt"
    actions   = ["kms:Decrypt"]
    resources = [try(aws_kms_key.this[0].arn, "*")]
  }
}

resource "aws_iam_role" "external_secrets" {
  count = local.create ? 1 : 0

  name_prefix        = "${var.cluster_name}-external-secrets-"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "external_secrets" {
  count = local.create ? 1 : 0

  name   = "read-cluster-secrets"
  role   = aws_iam_role.external_secrets[0].id
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_eks_pod_identity_association" "external_secrets" {
  count = local.create ? 1 : 0

  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.external_secrets[0].arn
  tags            = var.tags
}
