output "db_address" {
  description = "Host name of the PostgreSQL instance (POSTGRES_HOST)"
  value       = try(aws_db_instance.this[0].address, null)
}

output "db_secret_name" {
  description = "Secrets Manager secret with the database connection (read by Pier's ExternalSecret)"
  value       = try(aws_secretsmanager_secret.database[0].name, null)
}

output "role_arn" {
  description = "Pier's IAM role (Pod Identity): assumes the roles its config names"
  value       = try(aws_iam_role.pier[0].arn, null)
}

output "kubernetes_read_only_role_arn" {
  description = "This cluster's Kubernetes read-only role for Pier (EKS_<CLUSTER>_READONLY_ROLE_ARN)"
  value       = try(aws_iam_role.kubernetes_read_only[0].arn, null)
}

output "secrets_reader_role_arn" {
  description = "Role of the SecretStore in Pier's namespace (annotation of the pier-secrets service account)"
  value       = try(aws_iam_role.secrets_reader[0].arn, null)
}

output "argocd_secret_name" {
  description = "Secrets Manager secret with Pier's Argo CD API tokens"
  value       = try(aws_secretsmanager_secret.argocd[0].name, null)
}

output "app_secret_name" {
  description = "Secrets Manager secret with Pier's application secrets"
  value       = try(aws_secretsmanager_secret.app[0].name, null)
}

output "cache_secret_name" {
  description = "Secrets Manager secret with the Valkey connection URL (read by Pier's ExternalSecret)"
  value       = try(aws_secretsmanager_secret.cache[0].name, null)
}
