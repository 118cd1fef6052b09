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
# Pier's read-only IAM role (Pod Identity): SecurityHub, Inspector, Cost
# Explorer, EKS describe, and its own secrets
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

data "aws_iam_policy_document" "read_only" {
  statement {
    sid       = "SecurityFindings"
    actions   = ["securityhub:GetFindings", "inspector2:ListFindings", "inspector2:ListCoverage"]
    resources = ["*"]
  }

  statement {
    sid       = "Cost"
    actions   = ["ce:GetCostAndUsage", "ce:GetCostForecast"]
    resources = ["*"]
  }

  statement {
    sid       = "DescribeClusters"
    actions   = ["eks:DescribeCluster", "eks:ListClusters"]
    resources = concat(var.readable_cluster_arns, ["*"])
  }
}

resource "aws_iam_role" "pier" {
  count = local.create ? 1 : 0

  name_prefix        = "${local.identifier}-"
  description        = "Pier (Backstage) in ${var.cluster_name}: read-only access to security findings, cost and EKS"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "pier" {
  count = local.create ? 1 : 0

  name   = "pier-read-only"
  role   = aws_iam_role.pier[0].id
  policy = data.aws_iam_policy_document.read_only.json
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
  description = "Pier: AUTH_SESSION_SECRET, PIER_BACKEND_SECRET, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, ARGOCD_TOKEN_*, DATADOG_*"
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}
