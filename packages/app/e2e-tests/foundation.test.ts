import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import fs from 'node:fs';
import { PEOPLE, signInAs } from './signIn';

const metricsFile = process.env.PIER_E2E_METRICS;

function recordMetric(name: string, value: number) {
  if (!metricsFile) return;
  fs.appendFileSync(metricsFile, `${name}=${value}\n`);
}

test('the platform admin signs in through the company IdP and lands on a home page that says what Pier is for', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByText('Company SSO', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enter' })).toHaveCount(0);
  // Ivan (platform team) may open every page, so the sidebar has them all.
  await signInAs(page, PEOPLE.platformAdmin);

  await expect(page.getByText('What Pier is for')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Reviewers' })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  for (const name of ['Catalog', 'Create', 'Deployments', 'Cost', 'Security']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  // Every persona's starting point is a link on the home page, to a page the sidebar also has.
  const welcome = page
    .getByText('What Pier is for')
    .locator('xpath=ancestor::*[.//h4][1]');
  for (const [name, href] of [
    ['Create', '/create'],
    ['deployments board', '/deployments'],
    ['Cost', '/cost'],
    ['Security', '/security'],
  ]) {
    await expect(
      welcome.getByRole('link', { name, exact: true }),
    ).toHaveAttribute('href', href);
  }

  await page.screenshot({
    path: screenshotPath('pier-home'),
  });
});

test('the catalog lists Pier itself and the org', async ({ page }) => {
  await signInAs(page, PEOPLE.junior);
  const started = Date.now();
  // Ana's own components first (the catalog's default "Owned" view): her team's services.
  await page.goto('/catalog');
  const table = page.getByRole('table');
  await expect(
    table.getByRole('link', { name: 'payments-api', exact: true }),
  ).toBeVisible();
  recordMetric('catalog_table_visible_ms', Date.now() - started);
  // Pier itself is the platform team's: under "All".
  await page.goto('/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all');
  await expect(
    table.getByRole('link', { name: 'Pier', exact: true }),
  ).toBeVisible();

  // The demo services come from platform-sim's scenario, each owned by a product team.
  const paymentsApi = table.locator('tr', {
    has: page.getByRole('link', { name: 'payments-api', exact: true }),
  });
  await expect(paymentsApi).toHaveCount(1);
  await expect(
    paymentsApi.locator('a[href$="/catalog/default/group/team-payments"]'),
  ).toBeVisible();
  await page.screenshot({
    path: screenshotPath('pier-catalog-services'),
  });

  await page.goto('/catalog?filters%5Bkind%5D=group');
  for (const team of [
    'Platform team',
    'Payments',
    'Checkout',
    'Discovery',
    'Identity',
    'Leads',
    'Reviewers',
  ]) {
    await expect(
      table.getByRole('link', { name: team, exact: true }),
    ).toBeVisible();
  }
  await page.screenshot({
    path: screenshotPath('pier-catalog-groups'),
  });
});

test("an entity page opens with the service's owner and system", async ({
  page,
}) => {
  await signInAs(page, PEOPLE.junior, '/catalog/default/component/pier');
  await expect(
    page.getByRole('heading', { name: 'Pier' }).first(),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'About' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Platform team' }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'EKS platform' }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: screenshotPath('pier-entity'),
  });
});
