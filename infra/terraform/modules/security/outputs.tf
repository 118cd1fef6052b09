output "securityhub_standards" {
  description = "ARNs of the SecurityHub standards subscribed to"
  value       = [for s in aws_securityhub_standards_subscription.this : s.standards_arn]
}

output "inspector_resource_types" {
  description = "Resource types Inspector scans"
  value       = try(aws_inspector2_enabler.this[0].resource_types, [])
}
