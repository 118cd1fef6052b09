variable "create" {
  description = "Whether to create Pier's AWS resources (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "cluster_name" {
  description = "EKS cluster Pier runs in"
  type        = string
}

variable "namespace" {
  description = "Namespace of Pier's pods"
  type        = string
  default     = "pier"
}

variable "service_account" {
  description = "Service account of Pier's pods"
  type        = string
  default     = "pier"
}

variable "vpc_id" {
  description = "VPC of the database and the cache"
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the database and the cache"
  type        = list(string)
}

variable "client_security_group_id" {
  description = "Security group of the nodes Pier runs on; the only one allowed to reach PostgreSQL and Valkey"
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

variable "database" {
  description = "PostgreSQL instance settings"
  type = object({
    engine_version          = optional(string, "17")
    instance_class          = optional(string, "db.r8g.large")
    allocated_storage       = optional(number, 50)
    max_allocated_storage   = optional(number, 200)
    multi_az                = optional(bool, true)
    backup_retention_period = optional(number, 14)
    deletion_protection     = optional(bool, true)
  })
  default = {}
}

variable "cache" {
  description = "Limits of the serverless Valkey cache shared by Pier's replicas"
  type = object({
    max_storage_gb      = optional(number, 1)
    max_ecpu_per_second = optional(number, 5000)
  })
  default = {}
}

variable "database_password_version" {
  description = "Increase to generate and roll out a new database password"
  type        = number
  default     = 1
}

variable "readable_cluster_arns" {
  description = "EKS clusters Pier may describe (eks:DescribeCluster on these only; both clusters: Pier in prod shows nonprod too)"
  type        = list(string)
}

variable "assumable_role_arns" {
  description = "The roles Pier's production config names, by the variable that names them (EKS_PROD_READONLY_ROLE_ARN, EKS_NONPROD_READONLY_ROLE_ARN, SECURITY_FINDINGS_ROLE, PLATFORM_COST_ROLE): Pier's role may assume these and nothing else"
  type        = map(string)
}

variable "kubernetes_reader_arns" {
  description = "Pier's IAM roles (in both clusters' accounts) that may assume this cluster's Kubernetes read-only role"
  type        = list(string)
}

variable "oidc_provider_arn" {
  description = "The cluster's IAM OIDC provider (IRSA), trusted for the pier-secrets service account only"
  type        = string
}

variable "secrets_service_account" {
  description = "Service account the SecretStore in Pier's namespace authenticates as (IRSA); no pod runs as it"
  type        = string
  default     = "pier-secrets"
}

variable "secret_admin_arns" {
  description = "Roles besides Pier's secrets reader that may read Pier's secrets (the platform admins and CI's apply role, which reads back the versions Terraform writes)"
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
