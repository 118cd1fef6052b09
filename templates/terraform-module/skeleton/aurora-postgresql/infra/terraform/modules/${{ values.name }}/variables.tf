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
  description = "Private subnets for the cluster (at least two availability zones)."
  type        = list(string)
}

variable "vpc_security_group_ids" {
  description = "Security groups that allow the services' pods to reach PostgreSQL (5432)."
  type        = list(string)
}

variable "engine_version" {
  description = "Aurora PostgreSQL version."
  type        = string
  default     = "16.4"
}

variable "instance_class" {
  description = "Instance class; Graviton (r8g/r7g) is about 20 % cheaper than x86."
  type        = string
  default     = "db.r7g.large"
}

variable "instance_count" {
  description = "Instances (a writer and readers across availability zones)."
  type        = number
  default     = 2
}
