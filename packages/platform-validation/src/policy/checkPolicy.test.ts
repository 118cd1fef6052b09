import { validateFiles } from '../validateFiles';

describe('plaintext secrets', () => {
  it('finds a literal password in Terraform and an access key in Helm values, with positions', async () => {
    const violations = await validateFiles([
      {
        path: 'infra/terraform/services/orders/main.tf',
        content: `resource "aws_db_instance" "this" {
  instance_class = "db.t4g.micro"
  password       = "Orders2024Password!x"
}
`,
      },
      {
        path: 'infra/gitops/environments/default/addons/orders/values.yaml',
        content: 'aws:\n  accessKeyId: AKIAABCDEFGHIJKLMNOP\n',
      },
    ]);
    expect(violations.filter(v => v.check === 'plaintext-secret')).toEqual([
      expect.objectContaining({
        file: 'infra/gitops/environments/default/addons/orders/values.yaml',
        line: 2,
        column: 16,
        message: expect.stringContaining('AWS access key id'),
      }),
      expect.objectContaining({
        file: 'infra/terraform/services/orders/main.tf',
        line: 3,
        column: 3,
        field: 'password',
      }),
    ]);
  });

  it('does not flag references to secrets (names, keys, variables)', async () => {
    const violations = await validateFiles([
      {
        path: 'infra/gitops/apps/orders/prod/external-secret.yaml',
        content: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: orders
  namespace: orders
spec:
  secretStoreRef:
    kind: SecretStore
    name: aws-secrets-manager
  target:
    name: orders
  data:
    - secretKey: DD_API_KEY
      remoteRef:
        key: prod/orders/app
        property: api-key
`,
      },
      {
        path: 'infra/terraform/services/orders/main.tf',
        content: `variable "api_key_secret_arn" {
  description = "Secret with the API key"
  type        = string
}

resource "aws_secretsmanager_secret" "orders" {
  name = "prod/orders/app"
}
`,
      },
    ]);
    expect(violations).toEqual([]);
  });
});
