module "dns" {
  source = "../../modules/dns"

  cluster_name = module.eks.cluster_name
  zone_name    = var.domain
}
