variable "region" {
  description = "AWS region of the clusters."
  type        = string
  default     = "eu-west-1"
}

variable "cluster_names" {
  description = "EKS clusters whose pods may assume the service's IAM role (EKS Pod Identity); one Secrets Manager secret each."
  type        = list(string)
  default     = ["prod", "nonprod"]
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
