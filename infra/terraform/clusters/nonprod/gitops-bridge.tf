# Installs Argo CD and registers the cluster with itself. Cluster facts reach Argo CD only
# as annotations and enable_* labels on the cluster secret; the ApplicationSets in
# infra/gitops/ read them (values chain default -> environment -> cluster).
locals {
  gitops_basepath = "infra/gitops/"

  addon_labels = { for name, enabled in var.addons : "enable_${name}" => tostring(enabled) }

  addons_metadata = {
    cluster_name                 = module.eks.cluster_name
    environment                  = local.environment
    aws_region                   = var.region
    aws_account_id               = data.aws_caller_identity.current.account_id
    aws_vpc_id                   = module.vpc.vpc_id
    karpenter_node_role          = module.karpenter.node_role_name
    karpenter_interruption_queue = module.karpenter.interruption_queue_name
    external_secrets_prefix      = local.secret_prefix
    cert_manager_hosted_zone_id  = module.dns.zone_id
    pier_db_host                 = module.pier.db_address
    pier_db_secret_name          = module.pier.db_secret_name
    addons_repo_url              = var.gitops_repo_url
    addons_repo_revision         = var.gitops_revision
    addons_repo_basepath         = local.gitops_basepath
    addons_repo_path             = "bootstrap"
    workloads_repo_url           = var.gitops_repo_url
    workloads_repo_revision      = var.gitops_revision
    workloads_repo_basepath      = local.gitops_basepath
    workloads_repo_path          = "apps"
  }
}

module "gitops_bridge_bootstrap" {
  source  = "gitops-bridge-dev/gitops-bridge/helm"
  version = "~> 0.1"

  cluster = {
    cluster_name = module.eks.cluster_name
    environment  = local.environment
    metadata     = local.addons_metadata
    addons       = local.addon_labels
  }

  # Pier's read-only account and the RBAC policy (bootstrap/argocd/values.yaml)
  argocd = {
    values = [file("${path.module}/../../../gitops/bootstrap/argocd/values.yaml")]
  }

  apps = {
    projects  = file("${path.module}/../../../gitops/bootstrap/projects.yaml")
    addons    = file("${path.module}/../../../gitops/bootstrap/addons.yaml")
    workloads = file("${path.module}/../../../gitops/bootstrap/workloads.yaml")
  }
}
