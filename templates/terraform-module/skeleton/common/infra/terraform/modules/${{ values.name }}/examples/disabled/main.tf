module "this" {
  source = "../.."

  create = false
  name   = "example-${{ values.name }}"
{%- if values.kind == 'aurora-postgresql' %}

  subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  vpc_security_group_ids = ["sg-0123456789abcdef0"]
{%- elif values.kind == 'elasticache' %}

  subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  security_group_ids = ["sg-0123456789abcdef0"]
{%- elif values.kind == 'iam-role-for-service-account' %}

  namespace       = "example"
  service_account = "example"
{%- endif %}
}
