locals {
  create     = var.create
  identifier = "pier-${var.cluster_name}"
}

################################################################################
# PostgreSQL (RDS): Pier's catalog, plugin tables and sessions; two or more
# replicas share it. The password is ephemeral and write-only: it reaches RDS
# and Secrets Manager but never the Terraform state. Bump
# var.database_password_version to rotate it.
################################################################################

ephemeral "random_password" "database" {
  length  = 40
  special = false
}

resource "aws_db_subnet_group" "this" {
  count = local.create ? 1 : 0

  name_prefix = "${local.identifier}-"
  subnet_ids  = var.subnet_ids
  tags        = var.tags
}

resource "aws_security_group" "database" {
  count = local.create ? 1 : 0

  name_prefix = "${local.identifier}-db-"
  description = "PostgreSQL of Pier in ${var.cluster_name}"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "postgres" {
  count = local.create ? 1 : 0

  security_group_id            = aws_security_group.database[0].id
  description                  = "PostgreSQL from the cluster's nodes"
  referenced_security_group_id = var.client_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_db_instance" "this" {
  count = local.create ? 1 : 0

  identifier     = local.identifier
  engine         = "postgres"
  engine_version = var.database.engine_version
  instance_class = var.database.instance_class
  db_name        = "pier"
  username       = "pier"

  password_wo         = ephemeral.random_password.database.result
  password_wo_version = var.database_password_version

  allocated_storage     = var.database.allocated_storage
  max_allocated_storage = var.database.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this[0].name
  vpc_security_group_ids = [aws_security_group.database[0].id]
  publicly_accessible    = false
  multi_az               = var.database.multi_az

  backup_retention_period   = var.database.backup_retention_period
  deletion_protection       = var.database.deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.identifier}-final"
  copy_tags_to_snapshot     = true

  performance_insights_enabled = true
  auto_minor_version_upgrade   = true
  apply_immediately            = false

  tags = var.tags
}

################################################################################
# Valkey (ElastiCache Serverless): the cache Pier's replicas share, so an
# upstream answer (Argo CD, Datadog, Kubernetes) is fetched once for all of
# them. Disposable: no snapshots. ElastiCache users take their password as a
# plain argument, so this one is in the (encrypted) state; rotate by tainting
# random_password.cache.
################################################################################

resource "random_password" "cache" {
  count = local.create ? 1 : 0

  length  = 40
  special = false
}

resource "aws_security_group" "cache" {
  count = local.create ? 1 : 0

  name_prefix = "${local.identifier}-cache-"
  description = "Valkey cache of Pier in ${var.cluster_name}"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "valkey" {
  count = local.create ? 1 : 0

  security_group_id            = aws_security_group.cache[0].id
  description                  = "Valkey (TLS) from the cluster's nodes"
  referenced_security_group_id = var.client_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
}

# Every user group needs a user named "default"; this one is switched off.
resource "aws_elasticache_user" "disabled_default" {
  count = local.create ? 1 : 0

  user_id              = "${local.identifier}-default"
  user_name            = "default"
  engine               = "valkey"
  access_string        = "off -@all"
  no_password_required = true
  tags                 = var.tags
}

resource "aws_elasticache_user" "pier" {
  count = local.create ? 1 : 0

  user_id       = "${local.identifier}-app"
  user_name     = "pier"
  engine        = "valkey"
  access_string = "on ~* +@all -@dangerous"

  authentication_mode {
    type      = "password"
    passwords = [random_password.cache[0].result]
  }

  tags = var.tags
}

resource "aws_elasticache_user_group" "pier" {
  count = local.create ? 1 : 0

  user_group_id = local.identifier
  engine        = "valkey"
  user_ids      = [aws_elasticache_user.disabled_default[0].user_id, aws_elasticache_user.pier[0].user_id]
  tags          = var.tags
}

resource "aws_elasticache_serverless_cache" "this" {
  count = local.create ? 1 : 0

  name                 = local.identifier
  description          = "Shared cache of Pier's replicas in ${var.cluster_name}"
  engine               = "valkey"
  major_engine_version = "8"
  kms_key_id           = var.kms_key_arn
  subnet_ids           = var.subnet_ids
  security_group_ids   = [aws_security_group.cache[0].id]
  user_group_id        = aws_elasticache_user_group.pier[0].user_group_id

  cache_usage_limits {
    data_storage {
      maximum = var.cache.max_storage_gb
      unit    = "GB"
    }
    ecpu_per_second {
      maximum = var.cache.max_ecpu_per_second
    }
  }

  tags = var.tags
}

################################################################################
# Pier's IAM role (Pod Identity). It reads nothing itself: it may assume
# exactly the roles Pier's production config names (var.assumable_role_arns:
# each cluster's Kubernetes read-only role, the security account's findings
# role, the payer account's Cost Explorer role) and describe the clusters it
# shows. The name is fixed so the other cluster's account can trust it.
################################################################################

data "aws_partition" "current" {}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "pier" {
  statement {
    sid       = "AssumeConfiguredRoles"
    actions   = ["sts:AssumeRole"]
    resources = sort(values(var.assumable_role_arns))
  }

  statement {
    sid       = "DescribeClusters"
    actions   = ["eks:DescribeCluster"]
    resources = var.readable_cluster_arns
  }
}

resource "aws_iam_role" "pier" {
  count = local.create ? 1 : 0

  name               = local.identifier
  description        = "Pier (Backstage) in ${var.cluster_name}: assumes the read-only roles its config names"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "pier" {
  count = local.create ? 1 : 0

  name   = "pier-assume-configured-roles"
  role   = aws_iam_role.pier[0].id
  policy = data.aws_iam_policy_document.pier.json
}

resource "aws_eks_pod_identity_association" "pier" {
  count = local.create ? 1 : 0

  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.pier[0].arn
  tags            = var.tags
}

################################################################################
# This cluster's Kubernetes read-only role for Pier (EKS_<CLUSTER>_READONLY_ROLE_ARN):
# no IAM permissions at all; its access entry maps it to the Kubernetes group
# pier:read-only, which the ClusterRole pier-read-only in
# infra/gitops/apps/pier/base/cluster-role.yaml binds (list and get of what
# Pier's plugins read, never Secrets). Pier's roles in both clusters' accounts
# may assume it (account root as principal, narrowed to those role ARNs, so
# either account can be applied first).
################################################################################

data "aws_iam_policy_document" "kubernetes_read_only_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = sort(distinct([for arn in var.kubernetes_reader_arns : "arn:${data.aws_partition.current.partition}:iam::${split(":", arn)[4]}:root"]))
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = var.kubernetes_reader_arns
    }
  }
}

resource "aws_iam_role" "kubernetes_read_only" {
  count = local.create ? 1 : 0

  name               = "pier-kubernetes-read-only"
  description        = "Pier's read-only access to the ${var.cluster_name} cluster's Kubernetes API (access entry, group pier:read-only)"
  assume_role_policy = data.aws_iam_policy_document.kubernetes_read_only_assume.json
  tags               = var.tags
}

resource "aws_eks_access_entry" "pier" {
  count = local.create ? 1 : 0

  cluster_name      = var.cluster_name
  principal_arn     = aws_iam_role.kubernetes_read_only[0].arn
  kubernetes_groups = ["pier:read-only"]
  type              = "STANDARD"
  tags              = var.tags
}

################################################################################
# Pier's secrets are readable by Pier only: the SecretStore in the pier
# namespace authenticates as the service account pier-secrets (IRSA) with
# this role, which reads <prefix>pier/* and nothing else; each secret's
# resource policy refuses GetSecretValue to every other principal but the
# platform's admin/apply roles (Terraform reads back the versions it wrote);
# the cluster-wide External Secrets role also denies the prefix itself.
################################################################################

locals {
  oidc_issuer = replace(var.oidc_provider_arn, "/^.*:oidc-provider\\//", "")
}

data "aws_iam_policy_document" "secrets_reader_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.secrets_service_account}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "secrets_reader" {
  statement {
    sid       = "ReadPierSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = ["arn:${data.aws_partition.current.partition}:secretsmanager:*:*:secret:${var.secret_prefix}pier/*"]
  }

  statement {
    sid       = "Decrypt"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role" "secrets_reader" {
  count = local.create ? 1 : 0

  name               = "${local.identifier}-secrets"
  description        = "Reads Pier's secrets (${var.secret_prefix}pier/*) for the SecretStore in the ${var.namespace} namespace"
  assume_role_policy = data.aws_iam_policy_document.secrets_reader_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "secrets_reader" {
  count = local.create ? 1 : 0

  name   = "read-pier-secrets"
  role   = aws_iam_role.secrets_reader[0].id
  policy = data.aws_iam_policy_document.secrets_reader.json
}

data "aws_iam_policy_document" "pier_secret" {
  statement {
    sid       = "OnlyPierReadsIt"
    effect    = "Deny"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = concat([try(aws_iam_role.secrets_reader[0].arn, "")], var.secret_admin_arns)
    }
  }
}

resource "aws_secretsmanager_secret_policy" "pier" {
  for_each = local.create ? toset(["database", "cache", "app", "argocd"]) : toset([])

  secret_arn = {
    database = aws_secretsmanager_secret.database[0].arn
    cache    = aws_secretsmanager_secret.cache[0].arn
    app      = aws_secretsmanager_secret.app[0].arn
    argocd   = aws_secretsmanager_secret.argocd[0].arn
  }[each.key]
  policy = data.aws_iam_policy_document.pier_secret.json
}

################################################################################
# Secrets External Secrets syncs into the pier namespace
################################################################################

resource "aws_secretsmanager_secret" "database" {
  count = local.create ? 1 : 0

  name        = "${var.secret_prefix}pier/database"
  description = "Pier's PostgreSQL connection (JSON: host, port, user, password)"
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}

resource "aws_secretsmanager_secret_version" "database" {
  count = local.create ? 1 : 0

  secret_id = aws_secretsmanager_secret.database[0].id
  secret_string_wo = jsonencode({
    host     = aws_db_instance.this[0].address
    port     = tostring(aws_db_instance.this[0].port)
    user     = aws_db_instance.this[0].username
    password = ephemeral.random_password.database.result
  })
  secret_string_wo_version = var.database_password_version
}

resource "aws_secretsmanager_secret" "cache" {
  count = local.create ? 1 : 0

  name        = "${var.secret_prefix}pier/cache"
  description = "Pier's Valkey connection (JSON: url, rediss:// with user and password)"
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}

resource "aws_secretsmanager_secret_version" "cache" {
  count = local.create ? 1 : 0

  secret_id = aws_secretsmanager_secret.cache[0].id
  secret_string = jsonencode({
    url = format(
      "rediss://%s:%s@%s:%s",
      aws_elasticache_user.pier[0].user_name,
      random_password.cache[0].result,
      aws_elasticache_serverless_cache.this[0].endpoint[0].address,
      aws_elasticache_serverless_cache.this[0].endpoint[0].port,
    )
  })
}

# Values put by the platform team (aws secretsmanager put-secret-value), never in git

resource "aws_secretsmanager_secret" "app" {
  count = local.create ? 1 : 0

  name        = "${var.secret_prefix}pier/app"
  description = "Pier: AUTH_SESSION_SECRET, PIER_BACKEND_SECRET, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, DATADOG_*, EKS_* endpoints, CA data and role ARNs"
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}

# The API tokens of the Argo CD account "pier" in both clusters (ARGOCD_PROD_TOKEN,
# ARGOCD_NONPROD_TOKEN): the account may only get applications
# (infra/gitops/bootstrap/argocd/values.yaml). Generated with
# `argocd account generate-token --account pier` and put here (infra/README.md).
resource "aws_secretsmanager_secret" "argocd" {
  count = local.create ? 1 : 0

  name        = "${var.secret_prefix}pier/argocd"
  description = "Pier's read-only Argo CD API tokens (JSON: ARGOCD_PROD_TOKEN, ARGOCD_NONPROD_TOKEN)"
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}
