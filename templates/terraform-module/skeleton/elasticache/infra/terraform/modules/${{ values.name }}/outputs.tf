output "primary_endpoint_address" {
  description = "Primary endpoint (TLS)."
  value       = try(aws_elasticache_replication_group.this[0].primary_endpoint_address, null)
}

output "reader_endpoint_address" {
  description = "Reader endpoint (TLS)."
  value       = try(aws_elasticache_replication_group.this[0].reader_endpoint_address, null)
}
