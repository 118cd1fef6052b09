module "this" {
  source = "../.."

  create = false
  name   = "example-${{ values.name }}"
}
