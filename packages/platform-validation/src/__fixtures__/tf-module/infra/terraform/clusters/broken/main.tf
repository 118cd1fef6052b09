module "queue" {
  source = "../../modules/queue"

  name        = "orders"
  retention_s = 60
}
