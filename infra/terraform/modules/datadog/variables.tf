variable "create" {
  description = "Whether to create the Datadog integration (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "cluster_name" {
  description = "Cluster the API key secret belongs to (secret name <secret_prefix>datadog)"
  type        = string
}

variable "secret_prefix" {
  description = "Secrets Manager prefix the cluster's External Secrets may read, e.g. \"prod/\""
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the cluster's secrets"
  type        = string
}

variable "datadog_aws_account_id" {
  description = "Datadog's AWS account that assumes the integration role (464622532012 for US1/EU1)"
  type        = string
  default     = "464622532012"
}

variable "external_id" {
  description = "External ID Datadog shows in its AWS integration tile; not a secret, but unique to our Datadog org"
  type        = string
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
