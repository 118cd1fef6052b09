locals {
  # Each team's namespaces, exactly as its Argo CD project allows them
  # (gitops/projects/team-*.yaml, destinations): one secrets reader role per
  # namespace. A namespace listed by two teams makes this map, and the plan, fail.
  team_projects = [
    for file in fileset("${path.module}/../../../gitops/projects", "team-*.yaml") :
    yamldecode(file("${path.module}/../../../gitops/projects/${file}"))
  ]
  team_destinations = flatten([
    for project in local.team_projects : [
      for destination in project.spec.destinations : {
        namespace = destination.namespace
        team      = project.metadata.name
      }
    ]
  ])
  app_namespaces = { for d in local.team_destinations : d.namespace => d.team }
}

module "secrets" {
  source = "../../modules/secrets"

  cluster_name      = module.eks.cluster_name
  secret_prefix     = local.secret_prefix
  oidc_provider_arn = module.eks.oidc_provider_arn
  app_namespaces    = local.app_namespaces
  tags              = local.tags
}
