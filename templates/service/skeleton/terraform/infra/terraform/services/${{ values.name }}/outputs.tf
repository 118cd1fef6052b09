output "ecr_repository_url" {
  description = "Where CI pushes the service's images."
  value       = aws_ecr_repository.this.repository_url
}

output "role_arn" {
  description = "IAM role the service's pods assume (EKS Pod Identity)."
  value       = aws_iam_role.this.arn
}

output "secret_arns" {
  description = "Secrets Manager secret per cluster."
  value       = { for cluster, secret in aws_secretsmanager_secret.this : cluster => secret.arn }
}
