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

locals {
  secret_arn_prefix = "arn:${data.aws_partition.current.partition}:secretsmanager:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:secret:${var.secret_prefix}"
}

data "aws_iam_policy_document" "read" {
  # The operator's own role serves only the ClusterSecretStore, which only the platform's
  # namespaces may use: it reads the platform's secrets by exact name (the "-??????" is the
  # random suffix Secrets Manager appends), never an app namespace's <prefix><namespace>/*.
  statement {
    sid = "ReadPlatformSecrets"
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:ListSecretVersionIds",
    ]
    resources = [for name in var.platform_secret_names : "${local.secret_arn_prefix}${name}-??????"]
  }

  # Pier's secrets are read by Pier's own SecretStore only (modules/pier).
  statement {
    sid       = "NotPierSecrets"
    effect    = "Deny"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["${local.secret_arn_prefix}pier/*"]
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

################################################################################
# One secrets reader per app namespace (IRSA): the namespace's SecretStore
# (clusters/<cluster>/manifests/external-secrets/secret-stores.yaml)
# authenticates as the service account secret-store of that namespace, whose
# role reads <prefix><namespace>/* and nothing else. AWS, not only review,
# keeps a namespace to its own secrets.
################################################################################

locals {
  oidc_issuer = replace(var.oidc_provider_arn, "/^.*:oidc-provider\\//", "")
}

data "aws_iam_policy_document" "namespace_assume" {
  for_each = var.app_namespaces

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${each.key}:${var.namespace_service_account}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "namespace_read" {
  for_each = var.app_namespaces

  statement {
    sid       = "ReadNamespaceSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = ["${local.secret_arn_prefix}${each.key}/*"]
  }

  # Secrets encrypted with the cluster's key: decrypt through Secrets Manager, for this
  # namespace's secrets only.
  statement {
    sid       = "DecryptNamespaceSecrets"
    actions   = ["kms:Decrypt"]
    resources = [try(aws_kms_key.this[0].arn, "*")]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:SecretARN"
      values   = ["${local.secret_arn_prefix}${each.key}/*"]
    }
  }
}

resource "aws_iam_role" "namespace" {
  for_each = local.create ? var.app_namespaces : {}

  name               = "${var.cluster_name}-${each.key}-secrets"
  description        = "Reads ${var.secret_prefix}${each.key}/* for the SecretStore of namespace ${each.key} (${each.value})"
  assume_role_policy = data.aws_iam_policy_document.namespace_assume[each.key].json
  tags               = merge(var.tags, { namespace = each.key, owner = each.value })
}

resource "aws_iam_role_policy" "namespace" {
  for_each = local.create ? var.app_namespaces : {}

  name   = "read-namespace-secrets"
  role   = aws_iam_role.namespace[each.key].id
  policy = data.aws_iam_policy_document.namespace_read[each.key].json
}
