import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityLink } from './EntityLink';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('EntityLink', () => {
  it("links to the entity's catalog page, named by its name", async () => {
    await renderInTestApp(<EntityLink entityRef="group:default/team-a" />, {
      mountedRoutes,
    });
    expect(screen.getByRole('link', { name: 'team-a' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );
  });

  it('shows a title or content instead of the name when given', async () => {
    await renderInTestApp(
      <>
        <EntityLink
          entityRef="component:payments/checkout-api"
          title="Checkout API"
        />
        <EntityLink entityRef="component:default/cart">
          <strong>Cart</strong>
        </EntityLink>
      </>,
      { mountedRoutes },
    );
    expect(screen.getByRole('link', { name: 'Checkout API' })).toHaveAttribute(
      'href',
      '/catalog/payments/component/checkout-api',
    );
    expect(screen.getByRole('link', { name: 'Cart' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart',
    );
  });

  it("opens a tab of the entity's page when asked", async () => {
    await renderInTestApp(
      <EntityLink entityRef="component:default/checkout-api" tab="security" />,
      { mountedRoutes },
    );
    expect(screen.getByRole('link', { name: 'checkout-api' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/security',
    );
  });
});
