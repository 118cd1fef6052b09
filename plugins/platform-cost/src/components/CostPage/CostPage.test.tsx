import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp as render } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { dashboardFixture, heldNodes } from '../__fixtures__/dashboard';
import { dashboardCsv } from '../dashboardCsv';
import { CostDashboardView } from './CostPage';
import { useState } from 'react';

/** Renders with the catalog's entity route mounted, as the app has it. */
const renderInTestApp = (element: JSX.Element) =>
  render(element, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });

function Harness(props: { data?: typeof dashboardFixture }) {
  const [team, setTeam] = useState<string | undefined>();
  return (
    <CostDashboardView
      data={props.data ?? dashboardFixture}
      team={team}
      onTeam={setTeam}
    />
  );
}

describe('CostDashboardView', () => {
  it('shows run-rates, savings against their counterfactual, stale clusters, estimated prices and gaps', async () => {
    await renderInTestApp(<Harness />);
    expect(screen.getByTestId('run-rate-prod')).toHaveTextContent('$2,150');
    expect(screen.getByTestId('run-rate-nonprod')).toHaveTextContent(
      'no data yet',
    );
    expect(screen.getByTestId('spot-tile')).toHaveTextContent(
      'saved $60.0035 % of cost on spot; the same node-hours on-demand would have cost $95.00 instead of $35.00',
    );
    expect(screen.getByText(/prod node snapshot not read/)).toHaveTextContent(
      /prod node snapshot not read: HTTP 503; showing data last read \d+ d ago\./,
    );
    expect(
      screen.getByText(/The last snapshot of prod failed/),
    ).toHaveTextContent('(2026-11-25 19:00 UTC)');
    expect(screen.getByText(/Estimated prices/)).toHaveTextContent(
      'costed as m7i.xlarge',
    );
    expect(screen.getByTestId('gaps')).toHaveTextContent(
      'Gaps: 2026-11-25 (4 h failed), 2026-11-26 (no data)',
    );
  });

  it('says which answer waits for confirmation, since when, and that the figures stop before it', async () => {
    await renderInTestApp(
      <Harness data={{ ...dashboardFixture, held: [heldNodes] }} />,
    );
    expect(screen.getByTestId('held-answer')).toHaveTextContent(
      /^Warning: Kubernetes prod answer held since 2026-11-26 10:00 UTC, waiting for confirmation by the next read: answered 2 nodes \(had 18 on 2026-11-26 09:00 UTC\); showing data last read \d+ d ago\.It was not stored: figures for prod stop at the last stored answer\./,
    );
    // The last good figures stay.
    expect(screen.getByTestId('run-rate-prod')).toHaveTextContent('$2,150');
  });

  it('explains the one "(no nodepool)" line and lists the price table of each region', async () => {
    await renderInTestApp(
      <Harness
        data={{
          ...dashboardFixture,
          nodepools: [
            ...dashboardFixture.nodepools,
            {
              ...dashboardFixture.nodepools[0],
              key: '(no nodepool)',
              title: '(no nodepool)',
            },
          ],
        }}
      />,
    );
    expect(
      within(screen.getByTestId('nodepools-table')).getByText('(no nodepool)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/nodes no nodepool label names/)).toHaveTextContent(
      'Karpenter before v0.32 labels karpenter.sh/provisioner-name',
    );
    const tables = within(screen.getByTestId('price-tables')).getAllByRole(
      'listitem',
      // inside the collapsed "How we compute this"
      { hidden: true },
    );
    expect(tables.map(t => t.textContent)).toEqual([
      'eu-west-1: hand-entered As of 2026-11-26.',
      'us-east-1: hand-entered As of 2026-12-04.',
    ]);
  });

  it('says nothing about "(no nodepool)" when every node has a pool', async () => {
    await renderInTestApp(<Harness />);
    expect(screen.queryByText(/nodes no nodepool label names/)).toBeNull();
  });

  it('shows consolidation that happened before the range, not only the range’s flat node count', async () => {
    await renderInTestApp(
      <Harness
        data={{
          ...dashboardFixture,
          consolidation: {
            ...dashboardFixture.consolidation,
            nodesFirst: 18.2,
            nodesLast: 17.9,
          },
        }}
      />,
    );
    const tile = screen.getByTestId('consolidation-tile');
    expect(tile).toHaveTextContent(/^Consolidation35 → 18 nodes/);
    expect(screen.getByTestId('consolidation-kept')).toHaveTextContent(
      'From the peak on 2026-09-14 to 2026-11-26 (17 fewer; days kept since 2026-08-29). Last 30 days: 18 → 18 nodes.',
    );
    expect(tile).toHaveTextContent(
      '3 nodes removed since hourly snapshots began would have cost $12.50 more.',
    );
  });

  it('headlines the range when the node count never went down before it', async () => {
    await renderInTestApp(
      <Harness
        data={{
          ...dashboardFixture,
          consolidation: {
            ...dashboardFixture.consolidation,
            kept: {
              first: { day: '2026-08-29', nodes: 18 },
              peak: { day: '2026-11-26', nodes: 18.4 },
              last: { day: '2026-11-26', nodes: 18.4 },
            },
          },
        }}
      />,
    );
    expect(screen.getByTestId('consolidation-tile')).toHaveTextContent(
      /^Consolidation26 → 18 nodes/,
    );
    expect(screen.getByTestId('consolidation-kept')).toHaveTextContent(
      'Never more than 18 nodes since 2026-08-29. Last 30 days: 26 → 18 nodes.',
    );
  });

  it('shows idle capacity as its own line and narrows services to the team a lead opens', async () => {
    await renderInTestApp(<Harness />);
    const teams = within(screen.getByTestId('teams-table'));
    expect(
      teams.getByText('Idle capacity (requested by no pod)'),
    ).toBeInTheDocument();
    const services = () => within(screen.getByTestId('services-table'));
    expect(services().getByText('cart-service')).toBeInTheDocument();

    fireEvent.click(teams.getByText('team-payments'));
    expect(screen.getByTestId('team-filter')).toHaveTextContent(
      'team: team-payments',
    );
    expect(services().queryByText('cart-service')).not.toBeInTheDocument();
    expect(
      services().getByRole('link', { name: 'payments-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
  });

  it('explains an empty database instead of showing zeros', async () => {
    await renderInTestApp(
      <Harness
        data={{
          ...dashboardFixture,
          stale: [],
          trend: dashboardFixture.trend.map(d => ({ ...d, dailyRate: null })),
        }}
      />,
    );
    expect(screen.getByText('No cost data yet')).toBeInTheDocument();
    expect(screen.queryByTestId('spot-tile')).not.toBeInTheDocument();
  });

  it('exports every table and day as CSV', () => {
    const csv = dashboardCsv(dashboardFixture).split('\n');
    expect(csv[0]).toBe(
      'section,key,title,team,cost_usd,share,spot_share,arm_share,monthly_usd',
    );
    expect(csv).toContain(
      'service,payments/payments-api,payments-api,group:default/team-payments,35.00,0.3500,0.5000,0.2500,35.00',
    );
    expect(csv).toContain(
      '2026-11-25,snapshot,20,4,75.00,15.00,60.00,30.00,18.0,0.2100',
    );
    expect(csv.filter(l => l.startsWith('team,'))).toHaveLength(3);
  });
});
