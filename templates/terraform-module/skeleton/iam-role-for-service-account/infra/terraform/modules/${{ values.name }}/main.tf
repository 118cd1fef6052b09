################################################################################
# IAM role for a Kubernetes service account (EKS Pod Identity)
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

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0

  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = var.create ? toset(var.policy_arns) : toset([])

  role       = aws_iam_role.this[0].name
  policy_arn = each.value
}

resource "aws_eks_pod_identity_association" "this" {
  for_each = var.create ? toset(var.cluster_names) : toset([])

  cluster_name    = each.key
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.this[0].arn
  tags            = var.tags
}
