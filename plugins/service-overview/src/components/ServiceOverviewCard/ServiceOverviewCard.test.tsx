import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ServiceOverview } from '@internal/plugin-service-overview-common';
import { ServiceOverviewView } from './ServiceOverviewCard';

const overview: ServiceOverview = {
  entityRef: 'component:default/recommendations',
  generatedAt: new Date().toISOString(),
  clusters: [
    {
      cluster: 'nonprod',
      verdict: 'healthy',
      headline: 'nonprod: healthy — v1.16.0, 2/2 ready, in sync',
      reasons: [],
      deploy: {
        version: '1.16.0',
        syncStatus: 'Synced',
        health: 'Healthy',
        replicas: { ready: 2, desired: 2 },
      },
      security: { critical: 0, high: 0 },
    },
    {
      cluster: 'prod',
      verdict: 'degraded',
      headline:
        'prod: degraded — v1.17.0 is degraded: exec format error; 0 of 3 replicas ready',
      reasons: [
        {
          part: 'deployments',
          severity: 'critical',
          text: 'v1.17.0 is degraded: exec format error',
          tab: 'deployments',
          url: 'https://argocd.prod/applications/recommendations-prod',
        },
        {
          part: 'security',
          severity: 'warning',
          text: '2 critical CVEs running for 9 days',
          tab: 'security',
        },
      ],
      deploy: {
        version: '1.17.0',
        syncStatus: 'Synced',
        health: 'Degraded',
        replicas: { ready: 0, desired: 3 },
      },
      security: { critical: 2, high: 0 },
      apm: {
        version: '1.17.0',
        previousVersion: '1.16.0',
        p95: 0.236,
        previousP95: 0.2,
        errorRate: 0.02,
        previousErrorRate: 0.002,
      },
      cost: { monthly: 700 },
    },
  ],
  parts: [
    { part: 'deployments', state: 'ok' },
    {
      part: 'security',
      state: 'stale',
      message:
        'SecurityHub answered 0 findings (had 40): waiting for confirmation',
    },
    { part: 'apm', state: 'ok' },
    {
      part: 'cost',
      state: 'denied',
      message:
        "Only the service's owning team, reviewers, leads and the platform team may read its cost.",
    },
  ],
  cost: { monthly: 812.4, trendPercent: 25 },
};

describe('ServiceOverviewView', () => {
  it('shows one column per cluster with its verdict, the reasons worst first with links, and the facts', async () => {
    await renderInTestApp(
      <ServiceOverviewView
        overview={overview}
        entityPath="/catalog/default/component/recommendations"
      />,
    );
    const prod = screen.getByTestId('overview-cluster-prod');
    expect(prod).toHaveAttribute('data-verdict', 'degraded');
    expect(within(prod).getByText('Degraded')).toBeInTheDocument();
    // The reasons, worst first, stand for the headline.
    expect(within(prod).queryByTestId('overview-headline')).toBeNull();
    expect(
      within(prod).getByText(
        /^v1\.17\.0 is degraded: exec format error/,
      ),
    ).toBeInTheDocument();
    const details = within(prod).getAllByRole('link', { name: 'details' });
    expect(details.map(a => a.getAttribute('href'))).toEqual([
      '/catalog/default/component/recommendations/deployments',
      '/catalog/default/component/recommendations/security',
    ]);
    expect(
      within(prod).getByRole('link', { name: /^Argo CD/ }),
    ).toHaveAttribute(
      'href',
      'https://argocd.prod/applications/recommendations-prod',
    );
    expect(within(prod).getByText('0 of 3 ready')).toBeInTheDocument();
    expect(within(prod).getByText('2 critical, 0 high')).toBeInTheDocument();
    expect(
      within(prod).getByText('236 ms (v1.16.0: 200 ms)'),
    ).toBeInTheDocument();
    expect(
      within(prod).getByText('2.0 % (v1.16.0: 0.2 %)'),
    ).toBeInTheDocument();
    expect(within(prod).getByText('$700 / 30 days')).toBeInTheDocument();

    const nonprod = screen.getByTestId('overview-cluster-nonprod');
    expect(within(nonprod).getByText('Healthy')).toBeInTheDocument();
    expect(within(nonprod).getByTestId('overview-headline')).toHaveTextContent(
      'v1.16.0, 2/2 ready, in sync',
    );
    expect(
      within(nonprod).getByText('no critical or high'),
    ).toBeInTheDocument();
  });

  it('says which parts are stale or not shown to the caller, and why', async () => {
    await renderInTestApp(
      <ServiceOverviewView
        overview={overview}
        entityPath="/catalog/default/component/recommendations"
      />,
    );
    expect(screen.getByTestId('overview-part-security')).toHaveTextContent(
      'Security showing the last good data: SecurityHub answered 0 findings (had 40): waiting for confirmation',
    );
    expect(screen.getByTestId('overview-part-cost')).toHaveTextContent(
      "Cost not shown to you: Only the service's owning team",
    );
    expect(screen.queryByTestId('overview-part-apm')).toBeNull();
    expect(screen.getByTestId('overview-cost')).toHaveTextContent(
      'Cost: $812 over the last 30 days, all clusters · last 7 days +25 % against the 7 before',
    );
  });
});
