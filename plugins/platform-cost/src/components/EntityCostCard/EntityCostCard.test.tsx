import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityCostFixture, heldNodes } from '../__fixtures__/dashboard';
import { EntityCostView } from './EntityCostCard';

describe('EntityCostView', () => {
  it('shows monthly cost, shares, what needs Datadog, and each recommendation with its saving', async () => {
    await renderInTestApp(<EntityCostView cost={entityCostFixture} />);
    expect(screen.getByTestId('entity-monthly')).toHaveTextContent(
      '$18.90 per month',
    );
    expect(
      screen.getByText(/prod \$12.70 · nonprod \$6.20/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('per-thousand')).toHaveTextContent(
      'Needs Datadog',
    );
    expect(
      screen.getByText(
        'Not running on Graviton (arm64) — saves about $2.50/month',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No PodDisruptionBudget in prod'),
    ).toBeInTheDocument();
  });

  it('says when an answer waits for confirmation, keeping the last stored cost', async () => {
    await renderInTestApp(
      <EntityCostView cost={{ ...entityCostFixture, held: [heldNodes] }} />,
    );
    expect(screen.getByTestId('held-answer')).toHaveTextContent(
      /Kubernetes prod answer held since .* UTC, waiting for confirmation by the next read: answered 2 nodes \(had 18 on .* UTC\); showing data last read .* ago\.It was not stored/,
    );
    expect(screen.getByTestId('entity-monthly')).toHaveTextContent(
      '$18.90 per month',
    );
  });

  it('shows the cost per 1,000 requests with significant digits when Datadog answers', async () => {
    await renderInTestApp(
      <EntityCostView
        cost={{
          ...entityCostFixture,
          perThousandRequests: {
            status: 'ok',
            value: 0.0000516,
            requests: 235_000_000,
          },
          recommendations: [],
        }}
      />,
    );
    expect(screen.getByTestId('per-thousand')).toHaveTextContent('$0.000052');
    expect(screen.getByText(/None: requests match usage/)).toBeInTheDocument();
  });

  it('tells how to get a service costed when no pod carries its label', async () => {
    await renderInTestApp(
      <EntityCostView cost={{ ...entityCostFixture, empty: true }} />,
    );
    expect(
      screen.getByText('No cost recorded for this service'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /backstage.io\/kubernetes-id=payments-api in namespace payments/,
      ),
    ).toBeInTheDocument();
  });
});
