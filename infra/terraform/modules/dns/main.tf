locals {
  create = var.create
}

################################################################################
# Hosted zone
################################################################################

resource "aws_route53_zone" "this" {
  count = local.create ? 1 : 0

  name    = var.zone_name
  comment = "${var.cluster_name} cluster"
  tags    = var.tags
}

################################################################################
# cert-manager IAM role (Pod Identity): DNS-01 records in this zone only
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

data "aws_iam_policy_document" "dns01" {
  statement {
    sid       = "GetChange"
    actions   = ["route53:GetChange"]
    resources = ["arn:aws:route53:::change/*"]
  }

  statement {
    sid       = "ChallengeRecords"
    actions   = ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"]
    resources = [try(aws_route53_zone.this[0].arn, "*")]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "route53:ChangeResourceRecordSetsRecordTypes"
      values   = ["TXT"]
    }
  }

  statement {
    sid       = "FindZone"
    actions   = ["route53:ListHostedZonesByName"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "cert_manager" {
  count = local.create ? 1 : 0

  name_prefix        = "${var.cluster_name}-cert-manager-"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "cert_manager" {
  count = local.create ? 1 : 0

  name   = "dns01-${var.cluster_name}"
  role   = aws_iam_role.cert_manager[0].id
  policy = data.aws_iam_policy_document.dns01.json
}

resource "aws_eks_pod_identity_association" "cert_manager" {
  count = local.create ? 1 : 0

  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.cert_manager[0].arn
  tags            = var.tags
}
