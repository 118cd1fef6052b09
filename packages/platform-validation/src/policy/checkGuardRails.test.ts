import { validateFiles } from '../validateFiles';

const project = (name: string, destinations: string) => ({
  path: `infra/gitops/projects/${name}.yaml`,
  content: `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: ${name}
  namespace: argocd
spec:
  sourceRepos:
    - https://github.com/example/pier.git
  destinations:
${destinations}
`,
});

const teamDestinations = `    - name: '*'
      namespace: '!pier'
    - name: '*'
      namespace: '*'`;

const application = (
  name: string,
  projectName: string,
  namespace: string,
  repo = 'https://github.com/example/pier.git',
) => ({
  path: `infra/gitops/clusters/prod/apps/${name}.yaml`,
  content: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: ${projectName}
  destination:
    name: prod
    namespace: ${namespace}
  source:
    repoURL: ${repo}
    targetRevision: main
    path: infra/gitops/projects
`,
});

const checks = async (files: { path: string; content: string }[]) =>
  (await validateFiles(files)).map(v => [v.file, v.check, v.message]);

describe('argocd-project against the AppProjects in the tree', () => {
  const projects = [
    project('team-payments', teamDestinations),
    project('team-checkout', teamDestinations),
    project('platform-team', `    - name: '*'\n      namespace: '*'`),
  ];

  it("accepts a team's Application in its own namespace", async () => {
    expect(
      await checks([
        ...projects,
        application('orders', 'team-payments', 'orders'),
      ]),
    ).toEqual([]);
  });

  it("refuses a namespace the team's project denies, an unknown project and a foreign repository", async () => {
    expect(
      await checks([
        ...projects,
        application('sneaky', 'team-payments', 'pier'),
        application('orders', 'team-paymnets', 'orders'),
        application(
          'fork',
          'team-checkout',
          'fork',
          'https://github.com/evil/fork.git',
        ),
      ]),
    ).toEqual([
      [
        'infra/gitops/clusters/prod/apps/fork.yaml',
        'argocd-project',
        'Application "fork": project "team-checkout" may not use the repository https://github.com/evil/fork.git; its sourceRepos are https://github.com/example/pier.git.',
      ],
      [
        'infra/gitops/clusters/prod/apps/orders.yaml',
        'argocd-project',
        'Application "orders" uses project "team-paymnets", but no AppProject of that name exists (infra/gitops/projects/); add the team\'s project first.',
      ],
      [
        'infra/gitops/clusters/prod/apps/sneaky.yaml',
        'argocd-project',
        'Application "sneaky": project "team-payments" may not deploy into namespace "pier" of prod; pick a namespace of the team\'s own.',
      ],
    ]);
  });

  it("refuses a second team's Application in a namespace another team deploys to", async () => {
    const violations = await checks([
      ...projects,
      application('orders', 'team-payments', 'orders'),
      application('orders-checkout', 'team-checkout', 'orders'),
    ]);
    expect(violations).toEqual([
      [
        'infra/gitops/clusters/prod/apps/orders-checkout.yaml',
        'argocd-project',
        expect.stringContaining('a namespace belongs to one team'),
      ],
    ]);
  });

  it('lets only the bootstrap app of apps use the default project', async () => {
    const bootstrap = application('projects', 'default', 'argocd');
    expect(
      await checks([
        { ...bootstrap, path: 'infra/gitops/bootstrap/projects.yaml' },
        ...projects,
      ]),
    ).toEqual([]);
  });
});

describe('secret-path and secret-store', () => {
  const externalSecret = (
    path: string,
    dataFrom: string,
    namespace = 'orders',
    store = 'SecretStore',
  ) => ({
    path,
    content: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: orders
  namespace: ${namespace}
spec:
  secretStoreRef:
    kind: ${store}
    name: aws-secrets-manager
  target:
    name: orders
  dataFrom:
${dataFrom}
`,
  });

  it("accepts an app namespace's paths under <cluster>/<namespace>/, by name, ARN or search", async () => {
    expect(
      await checks([
        externalSecret(
          'infra/gitops/apps/orders/prod/external-secret.yaml',
          `    - extract:
        key: prod/orders/app
    - extract:
        key: prod/orders/stripe/keys
    - extract:
        key: arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/orders/app-AbCdEf
    - find:
        path: prod/orders/`,
        ),
      ]),
    ).toEqual([]);
  });

  it("refuses another cluster's path, a prefix look-alike and a search without a path", async () => {
    const violations = await checks([
      externalSecret(
        'infra/gitops/apps/orders/prod/external-secret.yaml',
        `    - extract:
        key: nonprod/orders/app
    - extract:
        key: prod/orders-admin/app
    - find:
        name:
          regexp: .*`,
      ),
    ]);
    expect(violations.map(v => v[2])).toEqual([
      expect.stringContaining('reads "nonprod/orders/app"'),
      expect.stringContaining('reads "prod/orders-admin/app"'),
      expect.stringContaining('every secret a search finds'),
    ]);
  });

  it("refuses the bare <cluster>/<namespace> in an app namespace (its role reads <namespace>/* only), and accepts it in the platform's", async () => {
    const violations = await checks([
      externalSecret(
        'infra/gitops/apps/orders/prod/external-secret.yaml',
        `    - extract:
        key: prod/orders
    - extract:
        key: arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/orders-AbCdEf
    - find:
        path: prod/orders`,
      ),
      externalSecret(
        'infra/gitops/clusters/prod/manifests/datadog/external-secret.yaml',
        `    - extract:
        key: prod/datadog`,
        'datadog',
        'ClusterSecretStore',
      ),
    ]);
    expect(violations).toEqual([
      [
        'infra/gitops/apps/orders/prod/external-secret.yaml',
        'secret-path',
        'ExternalSecret "orders" in namespace "orders" reads "prod/orders"; a namespace may read only its own secrets, named prod/orders/… (its SecretStore\'s role may read nothing else) in AWS Secrets Manager.',
      ],
      [
        'infra/gitops/apps/orders/prod/external-secret.yaml',
        'secret-path',
        expect.stringContaining('reads "arn:aws:secretsmanager:'),
      ],
      [
        'infra/gitops/apps/orders/prod/external-secret.yaml',
        'secret-path',
        expect.stringContaining('reads "prod/orders";'),
      ],
    ]);
  });

  it("refuses a ClusterSecretStore in an app namespace, for the whole ExternalSecret or one entry; the platform's namespaces may use it", async () => {
    const violations = await checks([
      externalSecret(
        'infra/gitops/apps/orders/prod/external-secret.yaml',
        `    - extract:
        key: prod/orders/app
    - extract:
        key: prod/orders/stripe
      sourceRef:
        storeRef:
          kind: ClusterSecretStore
          name: aws-secrets-manager`,
        'orders',
        'ClusterSecretStore',
      ),
      externalSecret(
        'infra/gitops/apps/pier/prod/external-secret.yaml',
        `    - extract:
        key: prod/pier/app`,
        'pier',
        'ClusterSecretStore',
      ),
    ]);
    expect(violations.map(v => [v[0], v[1]])).toEqual([
      ['infra/gitops/apps/orders/prod/external-secret.yaml', 'secret-store'],
      ['infra/gitops/apps/orders/prod/external-secret.yaml', 'secret-store'],
    ]);
    expect(violations[0][2]).toBe(
      'ExternalSecret "orders" in app namespace "orders" reads through the ClusterSecretStore "aws-secrets-manager", which only the platform\'s namespaces may use; use the namespace\'s own store (secretStoreRef: { kind: SecretStore, name: aws-secrets-manager }), whose IAM role reads only prod/orders/*.',
    );
  });
});

describe('workload-security and default-deny', () => {
  const deployment = (annotations = '', readOnly = 'true') => ({
    path: 'infra/gitops/apps/legacy/prod/deployment.yaml',
    content: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  namespace: legacy
${annotations}spec:
  selector:
    matchLabels:
      app: legacy
  template:
    metadata:
      labels:
        app: legacy
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: legacy
          image: example/legacy:1
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: ${readOnly}
            capabilities:
              drop: [ALL]
`,
  });
  const networkPolicy = {
    path: 'infra/gitops/apps/legacy/base/network-policy.yaml',
    content: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: legacy
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
  };

  it('accepts a writable root filesystem only with a reason, and a default-deny NetworkPolicy', async () => {
    expect(
      await checks([
        deployment(
          '  annotations:\n    platform.pier.io/writable-root-filesystem: "writes its cache under /var/lib/legacy"\n',
          'false',
        ),
        networkPolicy,
      ]),
    ).toEqual([]);
    expect(await checks([deployment('', 'false'), networkPolicy])).toEqual([
      [
        'infra/gitops/apps/legacy/prod/deployment.yaml',
        'workload-security',
        expect.stringContaining(
          'readOnlyRootFilesystem: true (or the annotation',
        ),
      ],
    ]);
  });
});
