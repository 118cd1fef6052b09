variable "create" {
  description = "Create the resources (false creates nothing)."
  type        = bool
  default     = true
}

variable "name" {
  description = "Table name."
  type        = string
}

variable "hash_key" {
  description = "Partition key attribute (a string)."
  type        = string
  default     = "id"
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest; null uses the AWS-owned DynamoDB key."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
