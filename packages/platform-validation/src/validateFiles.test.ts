import { validateFiles } from './validateFiles';

describe('validateFiles', () => {
  it('reports a misspelled AWS argument and an unknown manifest field with their positions', async () => {
    const violations = await validateFiles([
      {
        path: 'infra/terraform/services/orders/main.tf',
        content: 'resource "aws_s3_bucket" "this" {\n  bukcet = "orders"\n}\n',
      },
      {
        path: 'infra/gitops/apps/orders/base/service.yaml',
        content:
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: orders\nspec:\n  selector: {app: orders}\n  prots: []\n',
      },
    ]);
    expect(violations).toEqual([
      expect.objectContaining({
        file: 'infra/gitops/apps/orders/base/service.yaml',
        line: 7,
        column: 3,
        check: 'k8s-unknown-field',
      }),
      expect.objectContaining({
        file: 'infra/terraform/services/orders/main.tf',
        line: 2,
        column: 3,
        check: 'tf-schema',
      }),
    ]);
  });
});
