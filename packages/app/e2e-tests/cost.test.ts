import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

const shot = (name: string) => screenshotPath(`cost-${name}`);

test('a lead opens Cost, switches cluster and range, and opens a team', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, PEOPLE.lead);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Cost' })
    .click();
  await expect(page).toHaveURL(/\/cost$/);

  // On a fresh backend the first snapshot (and the billing backfill) runs ~15 s after start, one
  // cluster after the other: until both are in, a tile says "no data yet".
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('run-rate-prod')).toContainText(/\$[\d,]+/, {
      timeout: 5000,
    });
    await expect(page.getByTestId('run-rate-nonprod')).toContainText(
      /\$[\d,]+/,
      { timeout: 1000 },
    );
  }).toPass({ timeout: 90_000 });

  await expect(page.getByTestId('spot-tile')).toContainText(/saved \$[\d,]+/);
  await expect(page.getByTestId('graviton-tile')).toContainText(
    /saved \$[\d,]+/,
  );
  await expect(
    page
      .getByTestId('teams-table')
      .getByText('Idle capacity (requested by no pod)'),
  ).toBeVisible();
  // Consolidation before the range began must still show: the node count over all days kept.
  await expect(page.getByTestId('consolidation-kept')).toContainText(
    /From the peak on \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(\d+ fewer; days kept since \d{4}-\d\d-\d\d\)\. Last 30 days: \d+ → \d+ nodes\./,
  );
  await page.screenshot({ path: shot('dashboard'), fullPage: true });

  // One cluster: only its run-rate; then 90 days, with the backfilled history.
  await page.getByLabel('Cluster').click();
  await page.getByRole('option', { name: 'prod', exact: true }).click();
  await expect(page.getByTestId('run-rate-nonprod')).toHaveCount(0);
  await expect(page.getByTestId('run-rate-prod')).toBeVisible();
  await page.getByRole('button', { name: '90 days' }).click();
  await expect(page.getByText('Total, last 90 days')).toBeVisible();
  await page.getByText('How we compute this').click();
  await expect(page.getByTestId('how-we-compute')).toContainText(
    'services + idle = the cluster total',
  );
  await page.mouse.move(0, 0); // no chart tooltip in the screenshot
  await page.screenshot({ path: shot('prod-90-days'), fullPage: true });

  // Opening a team narrows the services to the team's.
  await page
    .getByTestId('teams-table')
    .getByText('team-payments', { exact: true })
    .click();
  await expect(page.getByTestId('team-filter')).toContainText('team-payments');
  const services = page.getByTestId('services-table');
  await expect(
    services.getByRole('link', { name: 'payments-api' }),
  ).toBeVisible();
  await expect(services.getByText('cart-service')).toHaveCount(0);
  // The page scrolls inside its content area: capture the filtered table itself.
  await services.locator('..').screenshot({ path: shot('team') });

  // The service's cost card on its overview page.
  await services.getByRole('link', { name: 'payments-api' }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/payments-api/);
  await expect(page.getByTestId('entity-monthly')).toContainText(/\$[\d.,]+/);
  await expect(page.getByText('Recommendations')).toBeVisible();
  await page
    .locator('.MuiCard-root', { has: page.getByTestId('entity-monthly') })
    .screenshot({ path: shot('entity-card') });
});
