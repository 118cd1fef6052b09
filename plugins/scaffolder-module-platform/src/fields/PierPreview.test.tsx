import { screen, within, fireEvent } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
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

/** Pier's preview endpoint (the scaffolder-backend-module-platform router), as the field calls it. */
function previewEndpoint(answer: (body: any) => Response) {
  const requests: Array<{ url: string; method?: string; body: any }> = [];
  return {
    requests,
    fetch: async (url: string, init?: RequestInit) => {
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      requests.push({ url, method: init?.method, body });
      return answer(body);
    },
  };
}

const json = (status: number, body: object) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

function renderPreview(violations: object[], answer?: (body: any) => Response) {
  const onChange = jest.fn();
  const endpoint = previewEndpoint(
    answer ??
      (() =>
        json(200, {
          directoryContents: Object.entries(generated).map(([path, text]) => ({
            path,
            base64Content: btoa(text),
            executable: false,
          })),
          output: { violations },
          log: [{ body: { message: '\u001b[32minfo\u001b[39m: validated' } }],
          steps: [],
        })),
  );
  const apis = [
    [discoveryApiRef, { getBaseUrl: async () => 'http://pier/api/scaffolder' }],
    [fetchApiRef, { fetch: endpoint.fetch }],
  ] as const;
  return {
    onChange,
    endpoint,
    rendered: renderInTestApp(
      <PierPreviewField
        {...({
          name: 'preview',
          onChange,
          uiSchema: { 'ui:options': { template: 'service' } },
          formContext: { formData: { name: NAME, preview: 'old' } },
        } as any)}
      />,
      { apis: apis as any },
    ),
  };
}

describe('PierPreviewField', () => {
  it('lists the generated files under their destination and directory, and shows a chosen file', async () => {
    const { onChange, rendered, endpoint } = renderPreview([]);
    await rendered;

    expect(
      await screen.findByText(/5 files generated and validated/),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith(PREVIEW_VALIDATED);
    // the server dry-runs the catalog's template: the field sends the answers only
    expect(endpoint.requests).toEqual([
      {
        url: 'http://pier/api/scaffolder/platform/templates/default/service/preview',
        method: 'POST',
        body: { values: { name: NAME } },
      },
    ]);

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

  it('shows why the server refused the preview (another team as owner)', async () => {
    const reason =
      'Only members of group:default/team-checkout and the platform team may create something owned by group:default/team-checkout (yours: group:default/team-payments); ask the platform team (platform@example.com) to add you to group:default/team-checkout.';
    const { onChange, rendered } = renderPreview([], () =>
      json(403, {
        error: { name: 'NotAllowedError', message: reason },
        response: { statusCode: 403 },
      }),
    );
    await rendered;
    expect(
      await screen.findByText(/The preview could not be generated/),
    ).toHaveTextContent(reason);
    expect(onChange).not.toHaveBeenCalledWith(PREVIEW_VALIDATED);
  });
});
