variable "create" {
  description = "Create the resources (false creates nothing)."
  type        = bool
  default     = true
}

variable "name" {
  description = "Bucket name (globally unique)."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for server-side encryption; null uses the AWS-managed aws/s3 key."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
