variable "create" {
  description = "Whether to create Karpenter's AWS resources (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "cluster_name" {
  description = "EKS cluster Karpenter manages nodes for"
  type        = string
}

variable "namespace" {
  description = "Namespace of the Karpenter controller"
  type        = string
  default     = "karpenter"
}

variable "service_account" {
  description = "Service account of the Karpenter controller"
  type        = string
  default     = "karpenter"
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
