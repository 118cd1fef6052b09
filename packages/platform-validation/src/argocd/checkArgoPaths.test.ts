import { validateFiles } from '../validateFiles';

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${name}\ndata:\n  LOG_LEVEL: info\n`;

const appSet = (spec: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: services\n  namespace: argocd\nspec:\n${spec}`;

const tree = [
  {
    path: 'infra/gitops/apps/orders/prod/config-map.yaml',
    content: configMap('orders'),
  },
  {
    path: 'infra/gitops/apps/billing/nonprod/config-map.yaml',
    content: configMap('billing'),
  },
];

describe('ApplicationSet expansion', () => {
  it('expands a matrix of a list and git directories with goTemplate, and reports each missing path', async () => {
    const violations = await validateFiles([
      ...tree,
      {
        path: 'infra/gitops/bootstrap/services.yaml',
        content: appSet(`  goTemplate: true
  generators:
    - matrix:
        generators:
          - list:
              elements:
                - cluster: prod
                - cluster: nonprod
          - git:
              repoURL: https://github.com/example/pier.git
              revision: main
              directories:
                - path: infra/gitops/apps/*
  template:
    metadata:
      name: '{{.path.basename}}-{{.cluster}}'
    spec:
      project: default
      destination:
        name: '{{.cluster}}'
        namespace: '{{.path.basename}}'
      source:
        repoURL: https://github.com/example/pier.git
        targetRevision: main
        path: '{{.path.path}}/{{.cluster}}'
`),
      },
    ]);
    // orders runs only in prod and billing only in nonprod: the other two combinations are missing
    expect(violations.map(v => [v.check, v.line, v.message])).toEqual([
      [
        'argocd-path',
        31,
        'Generated Application "billing-prod": source path "infra/gitops/apps/billing/prod" does not exist in the repository; create it or fix the path.',
      ],
      [
        'argocd-path',
        31,
        'Generated Application "orders-nonprod": source path "infra/gitops/apps/orders/nonprod" does not exist in the repository; create it or fix the path.',
      ],
    ]);
  });

  it('names a template parameter no generator provides', async () => {
    const violations = await validateFiles([
      ...tree,
      {
        path: 'infra/gitops/bootstrap/services.yaml',
        content: appSet(`  generators:
    - list:
        elements:
          - service: orders
  template:
    metadata:
      name: '{{service}}'
    spec:
      project: default
      destination:
        name: prod
        namespace: '{{service}}'
      source:
        repoURL: https://github.com/example/pier.git
        targetRevision: main
        path: 'infra/gitops/apps/{{servce}}/prod'
`),
      },
    ]);
    expect(violations).toEqual([
      expect.objectContaining({
        check: 'argocd-path',
        message: expect.stringContaining('no parameter for {{servce}}'),
      }),
    ]);
  });

  it('accepts an Application whose sources and $values files exist', async () => {
    const violations = await validateFiles([
      ...tree,
      {
        path: 'infra/gitops/apps/orders/values.yaml',
        content: 'replicas: 2\n',
      },
      {
        path: 'infra/gitops/clusters/prod/apps/orders.yaml',
        content: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: orders
  namespace: argocd
spec:
  project: team-payments
  destination:
    name: prod
    namespace: orders
  sources:
    - repoURL: https://github.com/example/pier.git
      targetRevision: main
      ref: values
    - repoURL: https://charts.example.com
      chart: web
      targetRevision: 1.0.0
      helm:
        valueFiles:
          - $values/infra/gitops/apps/orders/values.yaml
    - repoURL: https://github.com/example/pier.git
      targetRevision: main
      path: infra/gitops/apps/orders/prod
`,
      },
    ]);
    expect(violations).toEqual([]);
  });
});
