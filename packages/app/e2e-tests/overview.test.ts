import { test, expect, Page } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

// The service overview (issue 18): the first thing on a service's page, one verdict per cluster.
// Which service is healthy, degraded or vulnerable comes from the simulator's scenario (its admin
// endpoint) and the findings it serves, never from Pier's answers.
const SIM_ADMIN = process.env.PIER_SIM_ADMIN_URL ?? 'http://127.0.0.1:7300';
const shot = (name: string) => screenshotPath(`overview-${name}`);

interface SimService {
  name: string;
  team: string;
  failures?: Record<string, { mode: string } | string | undefined>;
}
async function scenarioServices(): Promise<SimService[]> {
  const res = await fetch(`${SIM_ADMIN}/admin/scenario`);
  return (await res.json()).services;
}

const column = (page: Page, cluster: string) =>
  page.getByTestId(`overview-cluster-${cluster}`);

async function openService(page: Page, name: string) {
  await page.goto(`/catalog/default/component/${name}`);
  await expect(page.getByText('Service overview')).toBeVisible();
  // The parts are joined on the server; the columns come with the first answer.
  await expect(column(page, 'prod')).toBeVisible({ timeout: 30_000 });
}

test('a reviewer opens a degraded service: prod says degraded and why, with the detail a click away', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, PEOPLE.reviewer);
  await openService(page, 'recommendations');
  await expect(column(page, 'prod')).toHaveAttribute(
    'data-verdict',
    'degraded',
  );
  await expect(
    column(page, 'prod').getByRole('link', { name: 'details' }).first(),
  ).toHaveAttribute(
    'href',
    /\/catalog\/default\/component\/recommendations\/(deployments|kubernetes)$/,
  );
  // Backstage's empty relation cards are gone from a service without relations.
  await expect(page.getByText('Depends on components')).toHaveCount(0);
  await expect(page.getByText('Has subcomponents')).toHaveCount(0);
  await page.screenshot({ path: shot('degraded'), fullPage: true });
});

test('a service without failures is healthy in both clusters', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const services = await scenarioServices();
  const healthy = services.find(
    s => !s.failures || !Object.keys(s.failures).length,
  )!;
  await signInAs(page, PEOPLE.reviewer);
  await openService(page, healthy.name);
  for (const cluster of ['prod', 'nonprod']) {
    await expect(column(page, cluster)).toHaveAttribute(
      'data-verdict',
      /healthy|attention/,
    );
  }
  await page.screenshot({ path: shot('healthy'), fullPage: true });
});
