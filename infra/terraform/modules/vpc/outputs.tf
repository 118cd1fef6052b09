output "vpc_id" {
  description = "ID of the VPC"
  value       = try(aws_vpc.this[0].id, null)
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC"
  value       = try(aws_vpc.this[0].cidr_block, null)
}

output "private_subnet_ids" {
  description = "Private subnets (nodes, pods, RDS), one per zone"
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets (internet-facing load balancers, NAT), one per zone"
  value       = aws_subnet.public[*].id
}

output "private_route_table_ids" {
  description = "Route tables of the private subnets (for peering routes)"
  value       = aws_route_table.private[*].id
}
