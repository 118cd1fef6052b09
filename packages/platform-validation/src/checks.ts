/** Every check the validator runs, by the id that appears in {@link Violation.check}. */
export const CHECKS = {
  'hcl-parse': 'Terraform files parse as HCL (HashiCorp HCL2 parser)',
  'hcl-format': 'Terraform files are in canonical format (terraform fmt)',
  'tf-schema':
    'AWS resource and data source types, argument and block names exist in the pinned AWS provider schema',
  'tf-required': 'required AWS arguments and blocks are set',
  'tf-reference':
    'every var., local., module., data. and resource reference is declared in the module',
  'tf-variable': 'every variable has a type and a description',
  'tf-module':
    'local module calls point at a module in the tree, pass only its variables and all its required ones; registry modules are pinned',
  'tf-vars':
    'a .tfvars file sets only variables its root module declares, and every required one',
  'yaml-parse': 'YAML files parse',
  'k8s-kind': 'every manifest has an apiVersion and kind with a known schema',
  'k8s-schema':
    'manifests validate against kubernetes-models and the CRD model packages',
  'k8s-unknown-field': 'manifests contain no unknown (e.g. misspelled) fields',
  'argocd-path':
    'Argo CD Applications and expanded ApplicationSets point only at paths that exist',
  'dns-1123': 'names are DNS-1123 (lowercase letters, digits, "-")',
  'mtls-strict': 'Istio PeerAuthentication enforces STRICT mTLS',
  'resource-requests': 'every container sets CPU and memory requests',
  'multi-arch':
    'images are built for linux/amd64 and linux/arm64 (Graviton) where the build is in the tree',
  'plaintext-secret': 'no secret values in Terraform or YAML',
  'catalog-owner': 'catalog entities are owned by a known group',
  'secret-path':
    "an ExternalSecret reads only its own namespace's secrets (<cluster>/<namespace>/..., or <cluster>/<namespace> in the platform's namespaces)",
  'secret-store':
    "an ExternalSecret in an app namespace reads through the namespace's own SecretStore, never a ClusterSecretStore",
  'argocd-project':
    "Applications use their team's Argo CD project (never default outside bootstrap/), which exists, allows their sources and namespace; a namespace belongs to one project",
  'workload-security':
    'containers drop all capabilities, never escalate, run as non-root with the runtime seccomp profile and a read-only root filesystem',
  'default-deny':
    'every namespace that runs workloads has a default-deny (allow-nothing) policy',
  'ingress-origin':
    'an internet-facing ALB accepts traffic from CloudFront only (its security group), so the WAF cannot be bypassed',
} as const;

export type CheckId = keyof typeof CHECKS;
