# Creates nothing: proves the module plans with create = false.
module "pier" {
  source = "../.."

  create                   = false
  cluster_name             = "disabled"
  vpc_id                   = "vpc-00000000"
  subnet_ids               = []
  client_security_group_id = "sg-00000000"
  secret_prefix            = "disabled/"
  kms_key_arn              = "arn:aws:kms:eu-west-1:000000000000:key/disabled"
  readable_cluster_arns    = []
  assumable_role_arns      = {}
  kubernetes_reader_arns   = []
  oidc_provider_arn        = "arn:aws:iam::000000000000:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/DISABLED"
}
