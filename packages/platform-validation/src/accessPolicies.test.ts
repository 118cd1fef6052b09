import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

/*
 * What Pier and the platform's controllers may do, read from the policy documents themselves
 * (IAM policy documents in Terraform, the ClusterRole, Argo CD's RBAC policy) and compared with an
 * allow-list: exactly these grants, no more and no fewer. A new grant is a change to this file too,
 * so a reviewer sees it named.
 */
const repo = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(resolve(repo, path), 'utf8');

interface Statement {
  sid?: string;
  effect?: string;
  actions?: string[];
  resources?: string[] | string;
}

async function policyDocuments(path: string) {
  const json: any = await parse(path, read(path));
  const docs = json.data?.aws_iam_policy_document ?? {};
  return Object.fromEntries(
    Object.entries(docs).map(([name, blocks]: [string, any]) => [
      name,
      (blocks[0].statement as Statement[]).map(s => ({
        sid: s.sid,
        effect: s.effect ?? 'Allow',
        actions: [...(s.actions ?? [])].sort(),
        resources: s.resources,
      })),
    ]),
  ) as Record<string, Required<Statement>[]>;
}

describe("Pier's IAM policies grant exactly the listed actions", () => {
  it("Pier's own role: assume the configured roles, describe the configured clusters; nothing else", async () => {
    const docs = await policyDocuments('infra/terraform/modules/pier/main.tf');
    expect(docs.pier).toEqual([
      {
        sid: 'AssumeConfiguredRoles',
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        resources: '${sort(values(var.assumable_role_arns))}',
      },
      {
        sid: 'DescribeClusters',
        effect: 'Allow',
        actions: ['eks:DescribeCluster'],
        resources: '${var.readable_cluster_arns}',
      },
    ]);
    // who may become which role
    expect(docs.assume.map(s => s.actions)).toEqual([
      ['sts:AssumeRole', 'sts:TagSession'],
    ]);
    expect(docs.kubernetes_read_only_assume.map(s => s.actions)).toEqual([
      ['sts:AssumeRole'],
    ]);
    expect(docs.secrets_reader_assume.map(s => s.actions)).toEqual([
      ['sts:AssumeRoleWithWebIdentity'],
    ]);
    // Pier's secret reader: its own prefix, decrypt with the cluster's key
    expect(docs.secrets_reader).toEqual([
      {
        sid: 'ReadPierSecrets',
        effect: 'Allow',
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
        ],
        resources: [
          'arn:${data.aws_partition.current.partition}:secretsmanager:*:*:secret:${var.secret_prefix}pier/*',
        ],
      },
      {
        sid: 'Decrypt',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: ['${var.kms_key_arn}'],
      },
    ]);
    // each of Pier's secrets refuses every other reader
    expect(docs.pier_secret).toEqual([
      {
        sid: 'OnlyPierReadsIt',
        effect: 'Deny',
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
      },
    ]);
  });

  it("the cluster's External Secrets role reads the platform's secrets by name only: never Pier's, never an app namespace's", async () => {
    const path = 'infra/terraform/modules/secrets/main.tf';
    const docs = await policyDocuments(path);
    expect(docs.read.map(s => [s.sid, s.effect, s.actions.join(' ')])).toEqual([
      [
        'ReadPlatformSecrets',
        'Allow',
        'secretsmanager:DescribeSecret secretsmanager:GetSecretValue secretsmanager:ListSecretVersionIds',
      ],
      ['NotPierSecrets', 'Deny', 'secretsmanager:GetSecretValue'],
      ['ListSecrets', 'Allow', 'secretsmanager:ListSecrets'],
      ['Decrypt', 'Allow', 'kms:Decrypt'],
    ]);
    // each platform secret by its exact name (Secrets Manager's 6-character suffix), no wildcard path
    expect(docs.read[0].resources).toBe(
      '${[for name in var.platform_secret_names : "${local.secret_arn_prefix}${name}-??????"]}',
    );
    expect(docs.read[1].resources).toEqual([
      '${local.secret_arn_prefix}pier/*',
    ]);
    const json: any = await parse(path, read(path));
    expect(Object.assign({}, ...json.locals).secret_arn_prefix).toBe(
      'arn:${data.aws_partition.current.partition}:secretsmanager:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:secret:${var.secret_prefix}',
    );
    const vars: any = await parse(
      'variables.tf',
      read('infra/terraform/modules/secrets/variables.tf'),
    );
    // the platform's secrets: Datadog's keys (modules/datadog names it <prefix>datadog)
    expect(vars.variable.platform_secret_names[0].default).toEqual(['datadog']);
    expect(read('infra/terraform/modules/datadog/main.tf')).toContain(
      'name        = "${var.secret_prefix}datadog"',
    );
  });

  it("each app namespace's secrets reader: only its own service account may assume it, and it reads <cluster>/<namespace>/* only", async () => {
    const path = 'infra/terraform/modules/secrets/main.tf';
    const json: any = await parse(path, read(path));
    const assume = json.data.aws_iam_policy_document.namespace_assume[0];
    expect(assume.for_each).toBe('${var.app_namespaces}');
    expect(assume.statement).toEqual([
      {
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [
          { type: 'Federated', identifiers: ['${var.oidc_provider_arn}'] },
        ],
        condition: [
          {
            test: 'StringEquals',
            variable: '${local.oidc_issuer}:sub',
            values: [
              'system:serviceaccount:${each.key}:${var.namespace_service_account}',
            ],
          },
          {
            test: 'StringEquals',
            variable: '${local.oidc_issuer}:aud',
            values: ['sts.amazonaws.com'],
          },
        ],
      },
    ]);
    const docs = await policyDocuments(path);
    expect(docs.namespace_read).toEqual([
      {
        sid: 'ReadNamespaceSecrets',
        effect: 'Allow',
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
        ],
        resources: ['${local.secret_arn_prefix}${each.key}/*'],
      },
      {
        sid: 'DecryptNamespaceSecrets',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: ['${try(aws_kms_key.this[0].arn, "*")}'],
      },
    ]);
    // decrypt only through Secrets Manager, for this namespace's secrets
    expect(
      json.data.aws_iam_policy_document.namespace_read[0].statement[1]
        .condition,
    ).toEqual([
      {
        test: 'StringEquals',
        variable: 'kms:ViaService',
        values: [
          'secretsmanager.${data.aws_region.current.region}.amazonaws.com',
        ],
      },
      {
        test: 'StringLike',
        variable: 'kms:EncryptionContext:SecretARN',
        values: ['${local.secret_arn_prefix}${each.key}/*'],
      },
    ]);
    const role = json.resource.aws_iam_role.namespace[0];
    expect(role.name).toBe('${var.cluster_name}-${each.key}-secrets');
    expect(role.assume_role_policy).toBe(
      '${data.aws_iam_policy_document.namespace_assume[each.key].json}',
    );
    expect(json.resource.aws_iam_role_policy.namespace[0].policy).toBe(
      '${data.aws_iam_policy_document.namespace_read[each.key].json}',
    );
  });

  it("a generated service's role reads its own secrets only", async () => {
    const path =
      'templates/service/skeleton/terraform/infra/terraform/services/${{ values.name }}/main.tf';
    const content = read(path).replace(/\$\{\{[^}]*\}\}/g, '"orders"');
    const json: any = await parse('main.tf', content);
    const statements = json.data.aws_iam_policy_document.read_secret[0]
      .statement as Statement[];
    expect(statements).toEqual([
      {
        actions: [
          'secretsmanager:GetSecretValue',
          'secretsmanager:DescribeSecret',
        ],
        resources:
          '${[for secret in aws_secretsmanager_secret.this : secret.arn]}',
      },
    ]);
  });

  it.each(['prod', 'nonprod'])(
    '%s: Pier may assume exactly the roles app-config.production.yaml names, and describe exactly its clusters',
    async cluster => {
      const config = read('app-config.production.yaml');
      // the roles the production config assumes: EKS read-only roles, and the aws.accounts roles
      const named = new Set<string>();
      for (const m of config.matchAll(
        /kubernetes\.io\/aws-assume-role: \$\{(\w+)\}/g,
      ))
        named.add(m[1]);
      for (const m of config.matchAll(/roleName: \$\{(\w+)_NAME\}/g))
        named.add(m[1]);
      const tfvars: any = await parse(
        'terraform.tfvars',
        read(`infra/terraform/clusters/${cluster}/terraform.tfvars`),
      );
      const roles = tfvars.pier_assumable_role_arns as Record<string, string>;
      expect(Object.keys(roles).sort()).toEqual([...named].sort());
      expect(Object.keys(roles).sort()).toEqual([
        'EKS_NONPROD_READONLY_ROLE_ARN',
        'EKS_PROD_READONLY_ROLE_ARN',
        'PLATFORM_COST_ROLE',
        'SECURITY_FINDINGS_ROLE',
      ]);
      // each cluster's Kubernetes read-only role is the one modules/pier creates in that account
      const accounts: Record<string, string> = {};
      for (const c of ['prod', 'nonprod']) {
        const vars: any = await parse(
          'terraform.tfvars',
          read(`infra/terraform/clusters/${c}/terraform.tfvars`),
        );
        accounts[c] = vars.account_id;
      }
      expect(roles.EKS_PROD_READONLY_ROLE_ARN).toBe(
        `arn:aws:iam::${accounts.prod}:role/pier-kubernetes-read-only`,
      );
      expect(roles.EKS_NONPROD_READONLY_ROLE_ARN).toBe(
        `arn:aws:iam::${accounts.nonprod}:role/pier-kubernetes-read-only`,
      );
      // the read-only role trusts Pier's roles of both accounts, by their fixed names
      expect([...tfvars.pier_role_arns].sort()).toEqual(
        [
          `arn:aws:iam::${accounts.nonprod}:role/pier-nonprod`,
          `arn:aws:iam::${accounts.prod}:role/pier-prod`,
        ].sort(),
      );
      // eks:DescribeCluster on this cluster and the other one, which the config also shows
      const other = cluster === 'prod' ? 'nonprod' : 'prod';
      expect(tfvars.other_cluster_arns).toEqual([
        `arn:aws:eks:eu-west-1:${accounts[other]}:cluster/${other}`,
      ]);
    },
  );
});

describe("each team's namespaces: its Argo CD project, its SecretStores and its IAM roles agree", () => {
  const teamProjects = readdirSync(resolve(repo, 'infra/gitops/projects'))
    .filter(f => /^team-.*\.ya?ml$/.test(f))
    .map(f => parseYaml(read(`infra/gitops/projects/${f}`)));
  const namespaces = teamProjects.flatMap(p =>
    p.spec.destinations.map((d: any) => d.namespace as string),
  );

  it("every team's project allows exactly its own namespaces by name (no glob, no '!'), no namespace twice", () => {
    expect(teamProjects.map(p => p.metadata.name).sort()).toEqual([
      'team-checkout',
      'team-discovery',
      'team-identity',
      'team-payments',
    ]);
    for (const p of teamProjects) {
      expect(p.spec.destinations.length).toBeGreaterThan(0);
      for (const d of p.spec.destinations) {
        expect(d).toEqual({ name: '*', namespace: expect.any(String) });
        expect(d.namespace).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      }
    }
    expect(new Set(namespaces).size).toBe(namespaces.length);
    // the cluster roots read the namespaces from these files, the same way in both
    for (const cluster of ['prod', 'nonprod']) {
      const tf = read(`infra/terraform/clusters/${cluster}/secrets.tf`);
      expect(tf).toContain(
        'fileset("${path.module}/../../../gitops/projects", "team-*.yaml")',
      );
      expect(tf).toContain('app_namespaces    = local.app_namespaces');
      expect(tf).toContain('oidc_provider_arn = module.eks.oidc_provider_arn');
    }
  });

  it.each(['prod', 'nonprod'])(
    "%s: one SecretStore per team namespace, through the namespace's own role; the ClusterSecretStore serves the platform's namespaces only",
    async cluster => {
      const tfvars: any = await parse(
        'terraform.tfvars',
        read(`infra/terraform/clusters/${cluster}/terraform.tfvars`),
      );
      const dir = `infra/gitops/clusters/${cluster}/manifests/external-secrets`;
      const docs = parseAllDocuments(read(`${dir}/secret-stores.yaml`)).map(d =>
        d.toJS(),
      );
      const stores = docs.filter(d => d.kind === 'SecretStore');
      const accounts = docs.filter(d => d.kind === 'ServiceAccount');
      expect(docs.length).toBe(stores.length + accounts.length);
      expect(stores.map(s => s.metadata.namespace).sort()).toEqual(
        [...namespaces].sort(),
      );
      const vars: any = await parse(
        'variables.tf',
        read('infra/terraform/modules/secrets/variables.tf'),
      );
      const serviceAccount = vars.variable.namespace_service_account[0].default;
      for (const store of stores) {
        const ns = store.metadata.namespace;
        expect(store.metadata.name).toBe('aws-secrets-manager');
        expect(store.spec.provider.aws.auth).toEqual({
          jwt: { serviceAccountRef: { name: serviceAccount } },
        });
        expect(accounts.filter(a => a.metadata.namespace === ns)).toEqual([
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: {
              name: serviceAccount,
              namespace: ns,
              annotations: {
                'eks.amazonaws.com/role-arn': `arn:aws:iam::${tfvars.account_id}:role/${cluster}-${ns}-secrets`,
              },
            },
            automountServiceAccountToken: false,
          },
        ]);
      }
      const clusterStore = parseYaml(read(`${dir}/cluster-secret-store.yaml`));
      expect(clusterStore.spec.conditions).toEqual([
        { namespaces: ['datadog'] },
      ]);
    },
  );
});

describe("Pier's Kubernetes access: the ClusterRole grants exactly what its plugins read", () => {
  const docs = parseAllDocuments(
    read('infra/gitops/apps/pier/base/cluster-role.yaml'),
  ).map(d => d.toJS());
  const role = docs.find(d => d.kind === 'ClusterRole');
  const binding = docs.find(d => d.kind === 'ClusterRoleBinding');

  it('lists and gets these kinds, and nothing else (no Secrets, no write verb, no subresource)', () => {
    const grants = role.rules
      .flatMap((rule: any) =>
        rule.apiGroups.flatMap((group: string) =>
          rule.resources.map(
            (resource: string) =>
              `${group || 'core'}/${resource}: ${[...rule.verbs]
                .sort()
                .join(',')}`,
          ),
        ),
      )
      .sort();
    expect(grants).toEqual(
      [
        // @backstage/plugin-kubernetes-backend's workload lists
        'core/pods',
        'core/services',
        'core/configmaps',
        'core/limitranges',
        'core/resourcequotas',
        'apps/deployments',
        'apps/replicasets',
        'apps/statefulsets',
        'apps/daemonsets',
        'autoscaling/horizontalpodautoscalers',
        'batch/jobs',
        'batch/cronjobs',
        'networking.k8s.io/ingresses',
        'metrics.k8s.io/pods',
        // platform-cost's snapshot (nodes, running pods, PDBs)
        'core/nodes',
        'policy/poddisruptionbudgets',
      ]
        .map(g => `${g}: get,list`)
        .sort(),
    );
    expect(JSON.stringify(role.rules)).not.toMatch(/secrets|"\*"/);
  });

  it('is bound to the group the access entry maps Pier to', () => {
    const tf = read('infra/terraform/modules/pier/main.tf');
    expect(tf).toMatch(/kubernetes_groups = \["pier:read-only"\]/);
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'pier:read-only',
      },
    ]);
  });
});

describe("Pier's Argo CD account may only get applications", () => {
  const values = parseYaml(read('infra/gitops/bootstrap/argocd/values.yaml'));

  it('is an API-token account (no UI login) with exactly one grant, and the default policy grants nothing', () => {
    const cm = values.configs.cm;
    expect(
      Object.keys(cm)
        .filter(k => k.startsWith('accounts.'))
        .sort(),
    ).toEqual(['accounts.pier', 'accounts.pier.enabled']);
    expect(cm['accounts.pier']).toBe('apiKey');
    const rbac = values.configs.rbac;
    expect(rbac['policy.default']).toBe('');
    const lines = String(rbac['policy.csv'])
      .split('\n')
      .map(l => l.trim())
      .filter(l => l && !l.startsWith('#'))
      .map(l => l.split(',').map(p => p.trim()));
    expect(lines.filter(l => l[0] === 'p')).toEqual([
      ['p', 'role:pier-read-only', 'applications', 'get', '*/*', 'allow'],
    ]);
    expect(lines.filter(l => l[0] === 'g')).toEqual([
      ['g', 'pier', 'role:pier-read-only'],
    ]);
    expect(lines.filter(l => l[0] !== 'p' && l[0] !== 'g')).toEqual([]);
  });

  it('both clusters install Argo CD with these values, and Pier reads the tokens from its own secret', () => {
    for (const cluster of ['prod', 'nonprod']) {
      expect(
        read(`infra/terraform/clusters/${cluster}/gitops-bridge.tf`),
      ).toContain('gitops/bootstrap/argocd/values.yaml');
      const secrets = parseAllDocuments(
        read(`infra/gitops/apps/pier/${cluster}/external-secrets.yaml`),
      ).map(d => d.toJS());
      expect(
        secrets.find(s => s.metadata.name === 'pier-argocd')?.spec,
      ).toEqual(
        expect.objectContaining({
          secretStoreRef: { kind: 'SecretStore', name: 'pier' },
          dataFrom: [{ extract: { key: `${cluster}/pier/argocd` } }],
        }),
      );
      const deployment = parseYaml(
        read(`infra/gitops/apps/pier/${cluster}/deployment.yaml`),
      );
      expect(
        deployment.spec.template.spec.containers[0].envFrom,
      ).toContainEqual({ secretRef: { name: 'pier-argocd' } });
    }
    // the variables app-config.production.yaml reads the tokens from
    expect(read('app-config.production.yaml')).toMatch(
      /token: \$\{ARGOCD_PROD_TOKEN\}[\s\S]*token: \$\{ARGOCD_NONPROD_TOKEN\}/,
    );
  });
});
