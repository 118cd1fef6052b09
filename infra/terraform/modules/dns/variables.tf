variable "create" {
  description = "Whether to create the zone and cert-manager's access (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "cluster_name" {
  description = "EKS cluster whose cert-manager solves DNS-01 challenges in the zone"
  type        = string
}

variable "zone_name" {
  description = "Public hosted zone of the cluster, e.g. \"prod.example.com\""
  type        = string
}

variable "namespace" {
  description = "Namespace of cert-manager"
  type        = string
  default     = "cert-manager"
}

variable "service_account" {
  description = "Service account of the cert-manager controller"
  type        = string
  default     = "cert-manager"
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
