variable "create" {
  description = "Create the resources (false creates nothing)."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the resources."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "cluster_names" {
  description = "EKS clusters whose pods may assume the role (EKS Pod Identity)."
  type        = list(string)
  default     = ["prod", "nonprod"]
}

variable "namespace" {
  description = "Kubernetes namespace of the service account."
  type        = string
}

variable "service_account" {
  description = "Kubernetes service account name."
  type        = string
}

variable "policy_arns" {
  description = "Managed policies attached to the role (least privilege: prefer your own narrow policies)."
  type        = list(string)
  default     = []
}
