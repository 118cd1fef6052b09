module "datadog" {
  source = "../../modules/datadog"

  cluster_name  = module.eks.cluster_name
  secret_prefix = local.secret_prefix
  kms_key_arn   = module.secrets.kms_key_arn
  external_id   = var.datadog_external_id
}
