output "cluster_endpoint" {
  description = "Writer endpoint."
  value       = try(aws_rds_cluster.this[0].endpoint, null)
}

output "reader_endpoint" {
  description = "Reader endpoint."
  value       = try(aws_rds_cluster.this[0].reader_endpoint, null)
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret holding the master password (for External Secrets)."
  value       = try(aws_rds_cluster.this[0].master_user_secret[0].secret_arn, null)
}
