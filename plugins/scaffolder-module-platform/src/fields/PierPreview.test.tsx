import { screen, within, fireEvent } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { PierPreviewField, PREVIEW_VALIDATED } from './PierPreview';

const NAME = 'refunds-api-with-a-long-name';
const generated: Record<string, string> = {
  'service/catalog-info.yaml': 'kind: Component\n',
  'service/src/app.ts': 'export {};\n',
  [`infra-change/infra/gitops/apps/${NAME}/base/peer-authentication.yaml`]:
    'kind: PeerAuthentication\n',
  [`infra-change/infra/gitops/apps/${NAME}/base/pod-disruption-budget.yaml`]:
    'kind: PodDisruptionBudget\n',
  [`infra-change/infra/gitops/apps/${NAME}/prod/deployment.yaml`]:
    'kind: Deployment\n',
};

function renderPreview(violations: object[]) {
  const onChange = jest.fn();
  const apis = [
    [discoveryApiRef, { getBaseUrl: async () => 'http://pier/api/scaffolder' }],
    [
      fetchApiRef,
      {
        fetch: async () =>
          new Response(JSON.stringify({ files: [] }), {
            headers: { 'content-type': 'application/json' },
          }),
      },
    ],
    [catalogApiRef, { getEntityByRef: async () => ({ kind: 'Template' }) }],
    [
      scaffolderApiRef,
      {
        dryRun: async () => ({
          directoryContents: Object.entries(generated).map(([path, text]) => ({
            path,
            base64Content: btoa(text),
            executable: false,
          })),
          output: { violations },
          log: [{ body: { message: '\u001b[32minfo\u001b[39m: validated' } }],
          steps: [],
        }),
      },
    ],
  ] as const;
  return {
    onChange,
    rendered: renderInTestApp(
      <PierPreviewField
        {...({
          name: 'preview',
          onChange,
          uiSchema: { 'ui:options': { template: 'service' } },
          formContext: { formData: { name: NAME } },
        } as any)}
      />,
      { apis: apis as any },
    ),
  };
}

describe('PierPreviewField', () => {
  it('lists the generated files under their destination and directory, and shows a chosen file', async () => {
    const { onChange, rendered } = renderPreview([]);
    await rendered;

    expect(
      await screen.findByText(/5 files generated and validated/),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith(PREVIEW_VALIDATED);

    const list = screen.getByRole('list', { name: 'Generated files' });
    expect(within(list).getByText('New repository (2)')).toBeInTheDocument();
    expect(
      within(list).getByText(
        'Change to the infra/GitOps repository (for review) (3)',
      ),
    ).toBeInTheDocument();
    // a directory is shown once, its files by their short names
    expect(
      within(list).getAllByText(`infra/gitops/apps/${NAME}/base/`),
    ).toHaveLength(1);
    expect(
      within(list).getByText('pod-disruption-budget.yaml'),
    ).toBeInTheDocument();

    fireEvent.click(
      within(list).getByRole('button', {
        name: `infra-change/infra/gitops/apps/${NAME}/prod/deployment.yaml`,
      }),
    );
    expect(
      screen.getByLabelText(
        `Contents of infra-change/infra/gitops/apps/${NAME}/prod/deployment.yaml`,
      ),
    ).toHaveTextContent('kind: Deployment');
    // the log is readable text, without terminal colour codes
    expect(screen.getByText('info: validated')).toBeInTheDocument();
  });

  it('blocks publishing and names the file and line of every violation', async () => {
    const { onChange, rendered } = renderPreview([
      {
        file: `infra-change/infra/gitops/apps/${NAME}/prod/deployment.yaml`,
        line: 12,
        check: 'requests',
        message: 'container "app" sets no CPU request',
      },
    ]);
    await rendered;

    expect(
      await screen.findByText(/1 problem in the generated files/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `infra-change/infra/gitops/apps/${NAME}/prod/deployment.yaml:12`,
      ),
    ).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalledWith(PREVIEW_VALIDATED);
  });
});
