variable "create" {
  description = "Whether to create the VPC (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the VPC and prefix of its subnets, e.g. \"prod\""
  type        = string
}

variable "cidr" {
  description = "IPv4 CIDR of the VPC; private subnets take /19s, public subnets /22s of it"
  type        = string
  default     = "10.0.0.0/16"
}

variable "azs" {
  description = "Availability zones, one private and one public subnet in each (at least two for EKS)"
  type        = list(string)
}

variable "cluster_name" {
  description = "EKS cluster that uses the subnets: tags them for the AWS Load Balancer Controller and Karpenter discovery"
  type        = string
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, for nonprod) instead of one per zone"
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
