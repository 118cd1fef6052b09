output "peering_connection_id" {
  description = "VPC peering connection between the VPC and Atlas"
  value       = try(aws_vpc_peering_connection_accepter.this[0].id, null)
}

output "atlas_cidr_block" {
  description = "CIDR of the Atlas network container"
  value       = var.atlas_cidr_block
}
