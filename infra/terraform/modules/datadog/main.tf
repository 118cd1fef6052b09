locals {
  create = var.create
}

data "aws_partition" "current" {}

################################################################################
# Integration role Datadog assumes to read CloudWatch metrics and resource tags
################################################################################

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${var.datadog_aws_account_id}:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.external_id]
    }
  }
}

data "aws_iam_policy_document" "integration" {
  statement {
    sid = "ReadMetricsAndTags"
    actions = [
      "cloudwatch:Get*",
      "cloudwatch:List*",
      "cloudwatch:Describe*",
      "ec2:Describe*",
      "eks:Describe*",
      "eks:List*",
      "elasticloadbalancing:Describe*",
      "rds:Describe*",
      "rds:List*",
      "sqs:ListQueues",
      "sqs:GetQueueAttributes",
      "cloudfront:GetDistributionConfig",
      "cloudfront:ListDistributions",
      "tag:GetResources",
      "tag:GetTagKeys",
      "tag:GetTagValues",
      "logs:Describe*",
      "logs:FilterLogEvents",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role" "integration" {
  count = local.create ? 1 : 0

  name               = "DatadogIntegrationRole-${var.cluster_name}"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "integration" {
  count = local.create ? 1 : 0

  name   = "datadog-integration"
  role   = aws_iam_role.integration[0].id
  policy = data.aws_iam_policy_document.integration.json
}

resource "aws_iam_role_policy_attachment" "security_audit" {
  count = local.create ? 1 : 0

  role       = aws_iam_role.integration[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/SecurityAudit"
}

################################################################################
# API and app keys for the agent: the secret exists here, its value is put by
# the platform team (aws secretsmanager put-secret-value), never in git
################################################################################

resource "aws_secretsmanager_secret" "keys" {
  count = local.create ? 1 : 0

  name        = "${var.secret_prefix}datadog"
  description = "Datadog api-key and app-key for the agent in ${var.cluster_name} (JSON: {\"api-key\": …, \"app-key\": …})"
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}
