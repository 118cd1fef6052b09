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

variable "subnet_ids" {
  description = "Private subnets for the cache nodes."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups that allow the services' pods to reach the cache (6379)."
  type        = list(string)
}

variable "node_type" {
  description = "Node type; Graviton (r7g/m7g) is about 20 % cheaper than x86."
  type        = string
  default     = "cache.r7g.large"
}
