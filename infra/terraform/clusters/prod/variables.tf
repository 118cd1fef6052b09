variable "cluster_name" {
  description = "Name of the cluster, also its environment: \"prod\" or \"nonprod\""
  type        = string
}

variable "account_id" {
  description = "AWS account of this cluster; the AWS provider refuses credentials of any other account"
  type        = string
}

variable "region" {
  description = "AWS region of the cluster"
  type        = string
}

variable "azs" {
  description = "Availability zones of the cluster (three for prod)"
  type        = list(string)
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the cluster's VPC; must not overlap the other cluster's or Atlas'"
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes minor version"
  type        = string
}

variable "admin_role_arns" {
  description = "IAM roles with cluster admin (platform team SSO role, CI deploy role)"
  type        = list(string)
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public Kubernetes API endpoint (VPN egress, CI runners)"
  type        = list(string)
  default     = []
}

variable "domain" {
  description = "DNS zone of the cluster, e.g. \"example.com\"; Pier is served at pier.<domain>"
  type        = string
}

variable "edge_certificate_arn" {
  description = "ACM certificate in us-east-1 for CloudFront, covering www.<domain> and pier.<domain>"
  type        = string
}

variable "ingress_alb_dns_name" {
  description = "DNS name of the ALB the AWS Load Balancer Controller created for the Istio ingress gateway (known after the first Argo CD sync; empty skips CloudFront)"
  type        = string
  default     = ""
}

variable "atlas_project_id" {
  description = "MongoDB Atlas project of this cluster's databases"
  type        = string
}

variable "atlas_region" {
  description = "Atlas region name matching var.region, e.g. \"EU_WEST_1\""
  type        = string
}

variable "atlas_cidr_block" {
  description = "CIDR of the Atlas network container"
  type        = string
}

variable "datadog_external_id" {
  description = "External ID from Datadog's AWS integration tile"
  type        = string
}

variable "gitops_repo_url" {
  description = "Git repository Argo CD syncs infra/gitops from"
  type        = string
}

variable "gitops_revision" {
  description = "Branch or tag of the GitOps repository this cluster follows"
  type        = string
  default     = "main"
}

variable "addons" {
  description = "Add-ons Argo CD installs in this cluster: each true becomes the cluster label enable_<name> the add-on's ApplicationSet selects"
  type = object({
    istio                        = optional(bool, true)
    karpenter                    = optional(bool, true)
    aws_load_balancer_controller = optional(bool, true)
    external_secrets             = optional(bool, true)
    cert_manager                 = optional(bool, true)
    datadog                      = optional(bool, true)
  })
  default = {}
}

variable "system_node_group" {
  description = "Size of the managed node group for Karpenter, CoreDNS and Argo CD"
  type = object({
    min_size     = optional(number, 2)
    max_size     = optional(number, 3)
    desired_size = optional(number, 2)
  })
  default = {}
}

variable "pier_database" {
  description = "Pier's PostgreSQL instance settings"
  type = object({
    instance_class = optional(string, "db.r8g.large")
    multi_az       = optional(bool, true)
  })
  default = {}
}

variable "other_cluster_arns" {
  description = "ARNs of the other cluster(s) Pier may describe"
  type        = list(string)
  default     = []
}

variable "pier_assumable_role_arns" {
  description = "The roles Pier's production config names, keyed by the config variable (EKS_PROD_READONLY_ROLE_ARN, EKS_NONPROD_READONLY_ROLE_ARN, SECURITY_FINDINGS_ROLE, PLATFORM_COST_ROLE); Pier's role may assume exactly these"
  type        = map(string)
}

variable "pier_role_arns" {
  description = "Pier's IAM roles in both clusters' accounts (pier-prod, pier-nonprod): they may assume this cluster's Kubernetes read-only role"
  type        = list(string)
}
