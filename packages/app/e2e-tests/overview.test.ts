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
  failures?: Record<string, string | undefined>;
  runningCriticalFindings?: Record<string, number>;
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

test('a junior opens a service whose new release cannot pull its image: the overview explains why, the fix and the file', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const services = await scenarioServices();
  const broken = services.find(s => s.failures?.nonprod === 'image-not-found');
  expect(broken, 'the scenario has a live example of a missing image').toBeTruthy();
  await signInAs(page, PEOPLE.reviewer);
  await openService(page, broken!.name);
  const nonprod = column(page, 'nonprod');
  const item = nonprod.getByTestId('explanation-image-not-found');
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item).toContainText(/not found|never pushed|does not exist/i);
  await item.getByText('why, and how to fix it').click();
  await expect(item.getByTestId('explanation-details')).toContainText(
    'How to fix it',
  );
  await expect(item.getByTestId('explanation-file').first()).toContainText(
    /^In (the GitOps repository|the service's repository): \S+/,
  );
  await page.screenshot({ path: shot('explained'), fullPage: true });
});

test('the same explanation heads the Kubernetes and Deployments tabs, so a junior who went straight there sees it too', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, PEOPLE.reviewer);
  await page.goto('/catalog/default/component/recommendations/kubernetes');
  const card = page.getByText('What is wrong, and how to fix it');
  await expect(card).toBeVisible({ timeout: 30_000 });
  const prod = page.getByTestId('explanations-prod');
  await expect(prod.getByTestId('explanation-image-arch-mismatch')).toBeVisible({
    timeout: 30_000,
  });
  // The first explanation of a cluster is open: its cause names the architecture.
  await expect(prod.getByTestId('explanation-details').first()).toContainText(
    /arm64|Graviton/,
  );
  await page.screenshot({ path: shot('kubernetes-tab'), fullPage: true });
  // And the Deployments tab, above the clusters' Argo CD state.
  await page.goto('/catalog/default/component/recommendations/deployments');
  await expect(
    page
      .getByTestId('explanations-prod')
      .getByTestId('explanation-image-arch-mismatch'),
  ).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: shot('deployments-tab'), fullPage: true });
});

test('a vulnerable service: prod needs attention for the critical CVEs its running images carry, counted as the scenario has them', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const services = await scenarioServices();
  const vulnerable = services.find(
    s =>
      !s.failures?.prod && (s.runningCriticalFindings?.prod ?? 0) > 0,
  );
  expect(vulnerable, 'the scenario has a service running critical findings').toBeTruthy();
  const critical = vulnerable!.runningCriticalFindings!.prod;
  await signInAs(page, PEOPLE.lead);
  await openService(page, vulnerable!.name);
  const prod = column(page, 'prod');
  await expect(prod).toHaveAttribute('data-verdict', /attention|degraded/);
  // The fact, counted as the scenario has them, and the reason with the detail a click away.
  await expect(
    prod.getByRole('cell', {
      name: new RegExp(`^${critical} critical, \\d+ high$`),
    }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    prod.getByText(new RegExp(`${critical} critical.* running`)).first(),
  ).toBeVisible();
  await expect(prod.locator('a[href$="/security"]')).not.toHaveCount(0);
  await page.screenshot({ path: shot('vulnerable'), fullPage: true });
});
