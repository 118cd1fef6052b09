variable "cluster_name" {
  description = "Name of the cluster"
  type        = string
}

variable "region" {
  description = "AWS region of the cluster"
  type        = string
  default     = "eu-west-1"
}
