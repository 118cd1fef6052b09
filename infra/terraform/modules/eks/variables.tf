variable "create" {
  description = "Whether to create the cluster (false creates nothing, for examples/disabled)"
  type        = bool
  default     = true
}

variable "cluster_name" {
  description = "Name of the EKS cluster: \"prod\" or \"nonprod\""
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and the system node group, e.g. \"1.33\""
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cluster"
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the control plane ENIs and the system node group"
  type        = list(string)
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public API endpoint (CI runners, VPN); empty keeps the endpoint private"
  type        = list(string)
  default     = []
}

variable "admin_role_arns" {
  description = "IAM roles (platform team, CI) granted cluster admin through EKS access entries"
  type        = list(string)
  default     = []
}

variable "system_node_group" {
  description = "Small managed node group that runs Karpenter, CoreDNS and Argo CD; everything else runs on Karpenter nodes"
  type = object({
    instance_types = optional(list(string), ["m8g.large"])
    ami_type       = optional(string, "AL2023_ARM_64_STANDARD")
    min_size       = optional(number, 2)
    max_size       = optional(number, 3)
    desired_size   = optional(number, 2)
  })
  default = {}
}

variable "addons" {
  description = "EKS managed add-ons: name => settings (most_recent picks the newest version for the cluster's Kubernetes version)"
  type = map(object({
    most_recent          = optional(bool, true)
    configuration_values = optional(string)
  }))
  default = {
    "coredns"                = {}
    "kube-proxy"             = {}
    "vpc-cni"                = {}
    "eks-pod-identity-agent" = {}
    "aws-ebs-csi-driver"     = {}
  }
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
