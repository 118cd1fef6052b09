################################################################################
# ElastiCache (Valkey): encrypted in transit and at rest, multi-AZ with automatic failover
################################################################################

resource "aws_elasticache_subnet_group" "this" {
  count = var.create ? 1 : 0

  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_elasticache_replication_group" "this" {
  count = var.create ? 1 : 0

  replication_group_id       = var.name
  description                = "Managed by Terraform"
  engine                     = "valkey"
  node_type                  = var.node_type
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  subnet_group_name          = aws_elasticache_subnet_group.this[0].name
  security_group_ids         = var.security_group_ids
  snapshot_retention_limit   = 7
  tags                       = var.tags
}
