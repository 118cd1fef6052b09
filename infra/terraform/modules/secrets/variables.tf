variable "create" {
  description = "Whether to create the secrets resources (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "cluster_name" {
  description = "EKS cluster whose External Secrets Operator reads the secrets"
  type        = string
}

variable "secret_prefix" {
  description = "Secrets Manager name prefix External Secrets may read, e.g. \"prod/\": one cluster never reads the other's secrets"
  type        = string
}

variable "namespace" {
  description = "Namespace of the External Secrets Operator"
  type        = string
  default     = "external-secrets"
}

variable "service_account" {
  description = "Service account of the External Secrets Operator"
  type        = string
  default     = "external-secrets"
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
