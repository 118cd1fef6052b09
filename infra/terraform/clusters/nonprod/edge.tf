# CloudFront's origin is the ALB the AWS Load Balancer Controller creates for the Istio
# ingress gateway after the first Argo CD sync: apply once with ingress_alb_dns_name = ""
# (only the controller's IAM role), then again with the ALB's DNS name.
module "edge" {
  source = "../../modules/edge"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  cluster_name        = module.eks.cluster_name
  vpc_id              = module.vpc.vpc_id
  vpc_cidr            = var.vpc_cidr
  create_cloudfront   = var.ingress_alb_dns_name != ""
  domain_names        = ["www.${var.domain}", "pier.${var.domain}"]
  acm_certificate_arn = var.edge_certificate_arn
  origin_domain_name  = var.ingress_alb_dns_name
}
