output "cluster_name" {
  description = "Name of the cluster"
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint (Pier's kubernetes.clusterLocatorMethods url)"
  value       = module.eks.cluster_endpoint
}

output "pier_role_arn" {
  description = "Pier's read-only IAM role"
  value       = module.pier.role_arn
}

output "dns_name_servers" {
  description = "Name servers to delegate the cluster's zone to"
  value       = module.dns.name_servers
}

output "cloudfront_domain_name" {
  description = "CloudFront domain: ALIAS www.<domain> and pier.<domain> here"
  value       = module.edge.cloudfront_domain_name
}
