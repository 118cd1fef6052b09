import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { explainRefusal } from '@internal/access-policy';
import { SWRConfig } from 'swr';
import { PlatformCostClient, platformCostApiRef } from '../api';
import { CostPage } from './CostPage';
import { EntityCostCard } from './EntityCostCard';

const DASHBOARD_REFUSAL = explainRefusal('platform-cost.dashboard.read');
const ENTITY_REFUSAL = explainRefusal('platform-cost.entity.read');

/** The platform-cost backend as the browser sees it: here it refuses with the table's text. */
function refusingBackend(message: string) {
  const urls: string[] = [];
  const client = new PlatformCostClient({
    discoveryApi: { getBaseUrl: async () => 'http://pier/api/platform-cost' },
    fetchApi: {
      fetch: async (url: any) => {
        urls.push(String(url));
        return new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message },
            request: { method: 'GET', url: String(url) },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        );
      },
    },
  });
  return { urls, client };
}

const apis =
  (permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY) =>
  (backend: ReturnType<typeof refusingBackend>) =>
    [
      [platformCostApiRef, backend.client],
      mockApis.permission({ authorize: permission }),
    ] as const;

/** usePermission caches decisions (stale-while-revalidate): each test starts with none. */
const fresh = (element: JSX.Element) => (
  <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>
);

describe('refused cost', () => {
  it('a person the policy refuses the dashboard (opened by URL) sees why and who can grant it, and no data is asked for', async () => {
    const backend = refusingBackend(DASHBOARD_REFUSAL);
    await renderInTestApp(fresh(<CostPage />), {
      apis: apis(AuthorizeResult.DENY)(backend),
    });
    const panel = await screen.findByRole('region', {
      name: 'Not available to you',
    });
    expect(panel).toHaveTextContent(
      'Only leads and the platform team may read the organisation-wide cost dashboard; ask the platform team (platform@example.com) to add you to the Leads group.',
    );
    expect(screen.queryByRole('button', { name: 'Export CSV' })).toBeNull();
    expect(backend.urls).toEqual([]);
  });

  it("shows the backend's refusal text, not an error, when the server refuses the data", async () => {
    const backend = refusingBackend(DASHBOARD_REFUSAL);
    await renderInTestApp(fresh(<CostPage />), {
      apis: apis(AuthorizeResult.ALLOW)(backend),
    });
    expect(
      await screen.findByRole('region', { name: 'Not available to you' }),
    ).toHaveTextContent(DASHBOARD_REFUSAL);
    expect(screen.queryByText(/could not be loaded/)).toBeNull();
    expect(backend.urls[0]).toMatch(/\/dashboard\?cluster=all&days=30$/);
  });

  it("a service's cost card refused by the backend says why, in the card", async () => {
    const backend = refusingBackend(ENTITY_REFUSAL);
    await renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payment-refunds', namespace: 'default' },
          spec: { owner: 'group:default/team-payments' },
        }}
      >
        <EntityCostCard />
      </EntityProvider>,
      { apis: apis(AuthorizeResult.ALLOW)(backend) },
    );
    expect(
      await screen.findByRole('region', { name: 'Not available to you' }),
    ).toHaveTextContent(
      "Only the service's owning team, reviewers, leads and the platform team may read its cost",
    );
    expect(screen.getByText('Cost')).toBeInTheDocument();
  });
});
