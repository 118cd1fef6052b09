import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { boardFixture } from '../__fixtures__/board';
import { BoardView } from './DeploymentsBoardPage';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

/** `12:03 UTC`, as the banner writes when a problem began. */
const clock = (iso?: string) => `${iso!.slice(11, 16)} UTC`;

describe('BoardView', () => {
  it('shows every row, the unreachable cluster banner, and filters to OutOfSync', async () => {
    await renderInTestApp(
      <BoardView
        board={boardFixture}
        now={Date.now()}
        loadedAt={Date.now() - 12_000}
      />,
      { mountedRoutes },
    );

    expect(
      screen.getByText(
        `prod Argo CD not read since ${clock(
          boardFixture.sources[0].since,
        )}: Argo CD prod (http://127.0.0.1:7303) unreachable: no answer within 10000 ms; showing data last read 5 min ago.`,
        { exact: false },
      ),
    ).toBeInTheDocument();
    // Another source's problem is its own banner; the rest of the board stays.
    expect(
      screen.getByText(
        `nonprod Kubernetes replica counts answer held since ${clock(
          boardFixture.sources[1].replicas?.since,
        )}, waiting for confirmation by the next read: Kubernetes nonprod answered 2 deployments, 90 % fewer than the last stored answer (2 instead of 20); showing data last read 1 min ago.`,
        { exact: false },
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(4);
    expect(
      screen.getByText(/3 of 4 need review · updated 12 s ago/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('git revert abcdef0123456789abcdef0123456789abcdef01'),
    ).toBeInTheDocument();
    expect(screen.getByText('2 behind nonprod')).toBeInTheDocument();
    // A rollout: the version is the new tag, the old one is named; sidecars are counted apart.
    const refunds = within(
      screen
        .getAllByTestId('deployment-row')
        .find(
          r =>
            r.dataset.service === 'refunds-worker' &&
            r.dataset.cluster === 'nonprod',
        )!,
    );
    expect(refunds.getByText('1.4.0')).toBeInTheDocument();
    expect(refunds.getByText('replacing 1.3.0')).toBeInTheDocument();
    expect(refunds.getByText('+2 sidecars')).toHaveAttribute(
      'title',
      'docker.io/istio/proxyv2:1.27.3\ngcr.io/datadoghq/dd-lib-js-init:v5',
    );

    fireEvent.change(screen.getByLabelText('Status'), {
      target: { value: 'OutOfSync' },
    });
    const rows = screen.getAllByTestId('deployment-row');
    expect(rows).toHaveLength(1);
    const row = within(rows[0]);
    expect(row.getByRole('link', { name: 'checkout-api' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api',
    );
    expect(
      row.getByRole('link', { name: /^checkout-api-prod/ }),
    ).toHaveAttribute(
      'href',
      'https://argocd.prod.example.com/applications/checkout-api-prod',
    );
    expect(row.getByText('stale')).toBeInTheDocument();
    expect(row.getByRole('link', { name: 'team-checkout' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );
  });

  it('says when no row matches and when there are no services', async () => {
    await renderInTestApp(
      <BoardView board={{ ...boardFixture, rows: [] }} now={Date.now()} />,
      { mountedRoutes },
    );
    expect(
      screen.getByText('No services with Argo CD applications'),
    ).toBeInTheDocument();
  });
});
