# Creates nothing: proves the module plans with create = false.
module "datadog" {
  source = "../.."

  create        = false
  cluster_name  = "disabled"
  secret_prefix = "disabled/"
  kms_key_arn   = "arn:aws:kms:eu-west-1:000000000000:key/disabled"
  external_id   = "disabled"
}
