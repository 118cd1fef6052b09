output "db_address" {
  description = "Host name of the PostgreSQL instance (POSTGRES_HOST)"
  value       = try(aws_db_instance.this[0].address, null)
}

output "db_secret_name" {
  description = "Secrets Manager secret with the database connection (read by Pier's ExternalSecret)"
  value       = try(aws_secretsmanager_secret.database[0].name, null)
}

output "role_arn" {
  description = "Pier's read-only IAM role (bound through Pod Identity)"
  value       = try(aws_iam_role.pier[0].arn, null)
}

output "app_secret_name" {
  description = "Secrets Manager secret with Pier's application secrets"
  value       = try(aws_secretsmanager_secret.app[0].name, null)
}

output "cache_secret_name" {
  description = "Secrets Manager secret with the Valkey connection URL (read by Pier's ExternalSecret)"
  value       = try(aws_secretsmanager_secret.cache[0].name, null)
}
