variable "create" {
  description = "Whether to create the peering (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "atlas_project_id" {
  description = "MongoDB Atlas project that holds the cluster's databases"
  type        = string
}

variable "atlas_cidr_block" {
  description = "CIDR of the Atlas network container; must not overlap the VPC"
  type        = string
  default     = "192.168.248.0/21"
}

variable "atlas_region" {
  description = "Atlas region name of the container, e.g. \"EU_WEST_1\""
  type        = string
}

variable "aws_account_id" {
  description = "AWS account that owns the VPC"
  type        = string
}

variable "vpc_id" {
  description = "VPC to peer with Atlas"
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR of the VPC: added to the Atlas access list"
  type        = string
}

variable "vpc_region" {
  description = "AWS region of the VPC, e.g. \"eu-west-1\""
  type        = string
}

variable "route_table_ids" {
  description = "Route tables (of the private subnets) that get a route to Atlas"
  type        = list(string)
}

variable "node_security_group_id" {
  description = "Security group of the nodes; gets egress to Atlas on 27015-27017"
  type        = string
}

variable "tags" {
  description = "Tags for the AWS resources"
  type        = map(string)
  default     = {}
}
