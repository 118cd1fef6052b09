variable "create" {
  description = "Whether to enable the account's security services (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "securityhub_standards" {
  description = "SecurityHub standards to subscribe to, as ARN suffixes after arn:<partition>:securityhub:<region>::"
  type        = list(string)
  default = [
    "standards/aws-foundational-security-best-practices/v/1.0.0",
    "standards/cis-aws-foundations-benchmark/v/3.0.0",
  ]
}

variable "inspector_resource_types" {
  description = "What Amazon Inspector scans continuously: ECR images and EC2 nodes"
  type        = list(string)
  default     = ["ECR", "EC2"]
}
