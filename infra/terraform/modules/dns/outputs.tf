output "zone_id" {
  description = "Route 53 hosted zone ID (ClusterIssuer solver hostedZoneID)"
  value       = try(aws_route53_zone.this[0].zone_id, null)
}

output "name_servers" {
  description = "Name servers to delegate the zone to"
  value       = try(aws_route53_zone.this[0].name_servers, [])
}

output "cert_manager_role_arn" {
  description = "IAM role of cert-manager (bound through Pod Identity)"
  value       = try(aws_iam_role.cert_manager[0].arn, null)
}
