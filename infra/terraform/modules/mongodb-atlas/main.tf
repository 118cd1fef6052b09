locals {
  create = var.create
}

################################################################################
# Atlas side: network container and peering request
################################################################################

resource "mongodbatlas_network_container" "this" {
  count = local.create ? 1 : 0

  project_id       = var.atlas_project_id
  atlas_cidr_block = var.atlas_cidr_block
  provider_name    = "AWS"
  region_name      = var.atlas_region
}

resource "mongodbatlas_network_peering" "this" {
  count = local.create ? 1 : 0

  project_id             = var.atlas_project_id
  container_id           = mongodbatlas_network_container.this[0].container_id
  provider_name          = "AWS"
  accepter_region_name   = var.vpc_region
  aws_account_id         = var.aws_account_id
  vpc_id                 = var.vpc_id
  route_table_cidr_block = var.vpc_cidr_block
}

resource "mongodbatlas_project_ip_access_list" "vpc" {
  count = local.create ? 1 : 0

  project_id = var.atlas_project_id
  cidr_block = var.vpc_cidr_block
  comment    = "EKS VPC ${var.vpc_id} (peered)"
}

################################################################################
# AWS side: accept, route, allow
################################################################################

resource "aws_vpc_peering_connection_accepter" "this" {
  count = local.create ? 1 : 0

  vpc_peering_connection_id = mongodbatlas_network_peering.this[0].connection_id
  auto_accept               = true
  tags                      = merge(var.tags, { Name = "mongodb-atlas" })
}

resource "aws_route" "atlas" {
  count = local.create ? length(var.route_table_ids) : 0

  route_table_id            = var.route_table_ids[count.index]
  destination_cidr_block    = var.atlas_cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.this[0].id
}

resource "aws_vpc_security_group_egress_rule" "atlas" {
  count = local.create ? 1 : 0

  security_group_id = var.node_security_group_id
  description       = "MongoDB Atlas over VPC peering"
  cidr_ipv4         = var.atlas_cidr_block
  ip_protocol       = "tcp"
  from_port         = 27015
  to_port           = 27017
  tags              = var.tags
}
