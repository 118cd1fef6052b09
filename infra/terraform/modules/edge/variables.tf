variable "create" {
  description = "Whether to create the edge (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "create_cloudfront" {
  description = "Whether to create CloudFront and WAF; false until the ingress ALB exists (its DNS name is CloudFront's origin)"
  type        = bool
  default     = true
}

variable "cluster_name" {
  description = "EKS cluster whose AWS Load Balancer Controller gets the IAM role"
  type        = string
}

variable "domain_names" {
  description = "Host names CloudFront serves (aliases), e.g. [\"www.example.com\"]"
  type        = list(string)
}

variable "acm_certificate_arn" {
  description = "ACM certificate in us-east-1 covering domain_names (CloudFront only reads certificates from us-east-1)"
  type        = string
}

variable "origin_domain_name" {
  description = "DNS name of the internet-facing ALB the Istio ingress gateway sits behind (CloudFront's origin)"
  type        = string
  default     = ""
}

variable "origin_verify_header_secret_arn" {
  description = "Secrets Manager secret whose value CloudFront sends as X-Origin-Verify, so the ALB can refuse traffic that bypassed CloudFront (value rotated outside Terraform)"
  type        = string
  default     = null
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes from one IP before WAF blocks it"
  type        = number
  default     = 2000
}

variable "price_class" {
  description = "CloudFront price class"
  type        = string
  default     = "PriceClass_100"
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}

variable "vpc_id" {
  description = "VPC of the cluster; the ALB's security group lives here"
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the VPC: the ALB may reach the ingress gateway pods there, nothing else"
  type        = string
}
