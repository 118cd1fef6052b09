################################################################################
# Aurora PostgreSQL: encrypted, private, deletion protection, master password in Secrets Manager
################################################################################

resource "aws_db_subnet_group" "this" {
  count = var.create ? 1 : 0

  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_rds_cluster" "this" {
  count = var.create ? 1 : 0

  cluster_identifier              = var.name
  engine                          = "aurora-postgresql"
  engine_version                  = var.engine_version
  master_username                 = "postgres"
  manage_master_user_password     = true
  db_subnet_group_name            = aws_db_subnet_group.this[0].name
  vpc_security_group_ids          = var.vpc_security_group_ids
  storage_encrypted               = true
  deletion_protection             = true
  backup_retention_period         = 14
  copy_tags_to_snapshot           = true
  final_snapshot_identifier       = "${var.name}-final"
  enabled_cloudwatch_logs_exports = ["postgresql"]
  tags                            = var.tags
}

resource "aws_rds_cluster_instance" "this" {
  count = var.create ? var.instance_count : 0

  identifier           = "${var.name}-${count.index}"
  cluster_identifier   = aws_rds_cluster.this[0].id
  engine               = aws_rds_cluster.this[0].engine
  engine_version       = aws_rds_cluster.this[0].engine_version
  instance_class       = var.instance_class
  db_subnet_group_name = aws_db_subnet_group.this[0].name
  publicly_accessible  = false
  tags                 = var.tags
}
