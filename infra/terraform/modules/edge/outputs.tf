output "lb_controller_role_arn" {
  description = "IAM role of the AWS Load Balancer Controller (bound through Pod Identity)"
  value       = try(aws_iam_role.lb_controller[0].arn, null)
}

output "web_acl_arn" {
  description = "WAF web ACL attached to CloudFront"
  value       = try(aws_wafv2_web_acl.this[0].arn, null)
}

output "cloudfront_domain_name" {
  description = "CloudFront domain name: point the domain_names' DNS records (ALIAS) here"
  value       = try(aws_cloudfront_distribution.this[0].domain_name, null)
}

output "cloudfront_hosted_zone_id" {
  description = "Hosted zone of the CloudFront distribution, for Route 53 alias records"
  value       = try(aws_cloudfront_distribution.this[0].hosted_zone_id, null)
}

output "alb_security_group_name" {
  description = "Security group of the public ALB (HTTPS from CloudFront only); the istio-ingress Ingress names it"
  value       = try(aws_security_group.alb[0].tags["Name"], null)
}
