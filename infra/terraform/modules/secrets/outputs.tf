output "kms_key_arn" {
  description = "KMS key for the cluster's Secrets Manager secrets"
  value       = try(aws_kms_key.this[0].arn, null)
}

output "external_secrets_role_arn" {
  description = "IAM role of the External Secrets Operator (bound through Pod Identity)"
  value       = try(aws_iam_role.external_secrets[0].arn, null)
}

output "secret_prefix" {
  description = "Name prefix of the secrets the cluster may read"
  value       = var.secret_prefix
}

output "namespace_role_arns" {
  description = "Secrets reader role per app namespace (namespace => role ARN), named <cluster>-<namespace>-secrets"
  value       = { for namespace, role in aws_iam_role.namespace : namespace => role.arn }
}
