output "integration_role_arn" {
  description = "Role to enter in Datadog's AWS integration tile"
  value       = try(aws_iam_role.integration[0].arn, null)
}

output "keys_secret_name" {
  description = "Secrets Manager secret holding the agent's API and app keys (read by an ExternalSecret)"
  value       = try(aws_secretsmanager_secret.keys[0].name, null)
}
