output "cluster_name" {
  description = "Name of the cluster"
  value       = try(aws_eks_cluster.this[0].name, null)
}

output "cluster_arn" {
  description = "ARN of the cluster"
  value       = try(aws_eks_cluster.this[0].arn, null)
}

output "cluster_endpoint" {
  description = "Endpoint of the Kubernetes API"
  value       = try(aws_eks_cluster.this[0].endpoint, null)
}

output "cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the Kubernetes API"
  value       = try(aws_eks_cluster.this[0].certificate_authority[0].data, null)
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the control plane and managed nodes"
  value       = try(aws_eks_cluster.this[0].vpc_config[0].cluster_security_group_id, null)
}

output "oidc_provider_arn" {
  description = "IAM OIDC provider of the cluster (IRSA)"
  value       = try(aws_iam_openid_connect_provider.this[0].arn, null)
}

output "pod_identity_assume_role_policy" {
  description = "Trust policy for IAM roles used through EKS Pod Identity"
  value       = data.aws_iam_policy_document.pod_identity_assume.json
}
