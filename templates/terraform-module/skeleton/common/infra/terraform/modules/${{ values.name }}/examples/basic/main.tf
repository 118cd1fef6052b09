module "this" {
  source = "../.."

  name = "example-${{ values.name }}"
  tags = { example = "basic" }
}
