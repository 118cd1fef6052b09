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

variable "platform_secret_names" {
  description = "Secrets (names after the prefix) the operator's own role reads for the ClusterSecretStore, which only the platform's namespaces may use"
  type        = list(string)
  default     = ["datadog"]
}

variable "oidc_provider_arn" {
  description = "The cluster's IAM OIDC provider (IRSA): each app namespace's SecretStore authenticates through it"
  type        = string
  default     = ""
}

variable "app_namespaces" {
  description = "App namespaces (namespace => owning team): each gets a role that reads <prefix><namespace>/* only, for its SecretStore"
  type        = map(string)
  default     = {}
}

variable "namespace_service_account" {
  description = "Service account, in each app namespace, that the namespace's SecretStore authenticates as"
  type        = string
  default     = "secret-store"
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
