import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHECKS } from './checks';
import { readTree } from './readTree';
import { Violation } from './types';
import { validateFiles } from './validateFiles';

/*
 * One deliberately broken fixture per check (src/__fixtures__/<check>/, laid out like the
 * repository): each must fail with exactly that check, at the file and position of the mistake,
 * with a reason.
 */
const fixtures = resolve(__dirname, '__fixtures__');

const expected: Record<
  string,
  Omit<Violation, 'message'> & { reason: RegExp }
> = {
  'hcl-parse': {
    file: 'infra/terraform/modules/broken/main.tf',
    line: 2,
    column: 11,
    check: 'hcl-parse',
    reason: /Expected the start of an expression/,
  },
  'hcl-format': {
    file: 'infra/terraform/modules/broken/main.tf',
    line: 2,
    column: 1,
    check: 'hcl-format',
    reason: /should read " {2}bucket {8}= \\"orders\\""/,
  },
  'tf-schema': {
    file: 'infra/terraform/modules/broken/main.tf',
    line: 3,
    column: 3,
    field: 'aws_s3_bucket.this.force_destory',
    check: 'tf-schema',
    reason:
      /"force_destory" is not an argument of aws_s3_bucket\.this\. Did you mean "force_destroy"\?/,
  },
  'tf-required': {
    file: 'infra/terraform/modules/broken/main.tf',
    line: 1,
    column: 1,
    field: 'aws_sqs_queue_policy.this.policy',
    check: 'tf-required',
    reason: /missing the required argument "policy"/,
  },
  'tf-reference': {
    file: 'infra/terraform/modules/broken/main.tf',
    line: 7,
    column: 10,
    field: 'name',
    check: 'tf-reference',
    reason: /var\.nmae is not declared.*Did you mean "name"\?/,
  },
  'tf-variable': {
    file: 'infra/terraform/modules/broken/variables.tf',
    line: 1,
    column: 1,
    field: 'variable.name',
    check: 'tf-variable',
    reason: /has no description/,
  },
  'tf-module': {
    file: 'infra/terraform/clusters/broken/main.tf',
    line: 5,
    column: 3,
    field: 'module.queue.retention_s',
    check: 'tf-module',
    reason: /has no variable "retention_s"/,
  },
  'tf-vars': {
    file: 'infra/terraform/clusters/nonprod/terraform.tfvars',
    line: 2,
    column: 1,
    field: 'regoin',
    check: 'tf-vars',
    reason:
      /"regoin" is not a variable of this root module.*Did you mean "region"\?/,
  },
  'yaml-parse': {
    file: 'infra/gitops/apps/orders/base/service.yaml',
    line: 5,
    column: 1,
    check: 'yaml-parse',
    reason: /same column/,
  },
  'k8s-kind': {
    file: 'infra/gitops/apps/orders/base/monitor.yaml',
    line: 2,
    column: 7,
    field: 'kind',
    check: 'k8s-kind',
    reason:
      /No schema for apiVersion "monitoring\.coreos\.com\/v1" kind "ServiceMonitor"/,
  },
  'k8s-schema': {
    file: 'infra/gitops/apps/orders/base/pdb.yaml',
    line: 9,
    column: 18,
    field: 'spec.selector.matchLabels',
    check: 'k8s-schema',
    reason: /must be of type object/,
  },
  'k8s-unknown-field': {
    file: 'infra/gitops/apps/orders/base/node-pool.yaml',
    line: 19,
    column: 5,
    field: 'spec.disruption.budget',
    check: 'k8s-unknown-field',
    reason:
      /"budget" is not a field of spec\.disruption in NodePool.*Did you mean "budgets"\?/,
  },
  'argocd-path': {
    file: 'infra/gitops/addons/broken.yaml',
    line: 24,
    column: 15,
    field: 'spec.template.spec.source.path',
    check: 'argocd-path',
    reason:
      /"orders": source path "infra\/gitops\/apps\/orders\/prod" does not exist/,
  },
  'dns-1123': {
    file: 'infra/gitops/apps/orders/base/config-map.yaml',
    line: 4,
    column: 9,
    field: 'metadata.name',
    check: 'dns-1123',
    reason: /"Orders_Config" is not a DNS-1123 name/,
  },
  'mtls-strict': {
    file: 'infra/gitops/apps/orders/base/peer-authentication.yaml',
    line: 8,
    column: 11,
    field: 'spec.mtls.mode',
    check: 'mtls-strict',
    reason: /must set spec\.mtls\.mode: STRICT \(found PERMISSIVE\)/,
  },
  'resource-requests': {
    file: 'infra/gitops/apps/orders/prod/deployment.yaml',
    line: 28,
    column: 13,
    field: 'spec.template.spec.containers[0].resources.requests',
    check: 'resource-requests',
    reason: /"orders" sets no cpu and memory request/,
  },
  'multi-arch': {
    file: 'orders/.github/workflows/ci.yaml',
    line: 11,
    column: 11,
    check: 'multi-arch',
    reason: /without platforms linux\/amd64,linux\/arm64/,
  },
  'plaintext-secret': {
    file: 'infra/gitops/apps/orders/base/secret.yaml',
    line: 7,
    column: 3,
    field: 'stringData',
    check: 'plaintext-secret',
    reason: /carries values in stringData.*ExternalSecret/,
  },
  'catalog-owner': {
    file: 'orders/catalog-info.yaml',
    line: 8,
    column: 10,
    field: 'spec.owner',
    check: 'catalog-owner',
    reason:
      /"team-paymnets" \(group:default\/team-paymnets\) is not a group in the catalog/,
  },
  'secret-path': {
    file: 'infra/gitops/apps/orders/prod/external-secret.yaml',
    line: 20,
    column: 14,
    field: 'spec.data[1].remoteRef.key',
    check: 'secret-path',
    reason:
      /"orders" in namespace "orders" reads "prod\/payments\/app"; .* named prod\/orders\/… \(its SecretStore's role may read nothing else\)/,
  },
  'secret-store': {
    file: 'infra/gitops/apps/orders/prod/external-secret.yaml',
    line: 10,
    column: 11,
    field: 'spec.secretStoreRef.kind',
    check: 'secret-store',
    reason:
      /in app namespace "orders" reads through the ClusterSecretStore "aws-secrets-manager", which only the platform's namespaces may use/,
  },
  'argocd-project': {
    file: 'infra/gitops/clusters/prod/apps/orders.yaml',
    line: 7,
    column: 12,
    field: 'spec.project',
    check: 'argocd-project',
    reason: /Application "orders" uses Argo CD's default project/,
  },
  'workload-security': {
    file: 'infra/gitops/apps/orders/prod/deployment.yaml',
    line: 23,
    column: 13,
    field: 'spec.template.spec.containers[0].securityContext',
    check: 'workload-security',
    reason:
      /Container "orders" of Deployment "orders" must set capabilities\.drop: \[ALL\] in/,
  },
  'default-deny': {
    file: 'infra/gitops/apps/orders/prod/deployment.yaml',
    line: 5,
    column: 14,
    field: 'metadata.namespace',
    check: 'default-deny',
    reason:
      /Namespace "orders" runs Deployment "orders" but has no default-deny policy/,
  },
  'ingress-origin': {
    file: 'infra/gitops/clusters/prod/manifests/istio-ingress/ingress.yaml',
    line: 7,
    column: 5,
    field: 'metadata.annotations',
    check: 'ingress-origin',
    reason:
      /internet-facing load balancer open to everyone, so the WAF in CloudFront can be bypassed/,
  },
};

describe('a broken fixture per check', () => {
  it('covers every check', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(CHECKS).sort());
    expect(readdirSync(fixtures).sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it.each(Object.entries(expected))(
    '%s fails with the file, position and reason',
    async (check, { reason, ...where }) => {
      const dir = resolve(fixtures, check);
      const violations = await validateFiles(
        await readTree(dir, { root: dir }),
        {
          owners: new Set(['group:default/team-payments']),
        },
      );
      expect(violations).toEqual([
        { ...where, message: expect.stringMatching(reason) },
      ]);
    },
  );
});
