import { test, expect, Page } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

// The real-world variants platform-sim seeds (issue 15), as each persona meets them in the portal.
// Expectations come from the simulator's scenario (its admin endpoint), never from Pier's answers.
const SIM_ADMIN = process.env.PIER_SIM_ADMIN_URL ?? 'http://127.0.0.1:7300';
const shot = (name: string) => screenshotPath(`variants-${name}`);

interface SimService {
  name: string;
  versions: Record<string, string>;
  failures?: Record<string, unknown>;
}
async function scenarioServices(): Promise<SimService[]> {
  const res = await fetch(`${SIM_ADMIN}/admin/scenario`);
  return (await res.json()).services;
}

function boardRow(page: Page, service: string, cluster: string) {
  return page.locator(
    `[data-testid="deployment-row"][data-service="${service}"][data-cluster="${cluster}"]`,
  );
}

test("the board shows each service's own version, with Istio and init images apart as sidecars", async ({
  page,
}) => {
  const services = (await scenarioServices()).slice(0, 12);
  await signInAs(page, PEOPLE.reviewer);
  await page.goto('/deployments');
  await expect(boardRow(page, services[0].name, 'prod')).toBeVisible({
    timeout: 30_000,
  });
  // Argo CD lists istio's proxyv2 (1.27.3) and init images next to the service's own, sorted: the
  // version shown is still the service's.
  for (const s of services) {
    if (s.failures?.prod) continue; // a rollout in progress shows the newer tag
    const row = boardRow(page, s.name, 'prod');
    await expect(row, `${s.name} in prod`).toContainText(s.versions.prod);
  }
  await expect(page.getByText(/^\+\d+ sidecars?$/).first()).toBeVisible();
  await expect(page.getByText('1.27.3', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: shot('board-sidecars') });
});

test('a lead finds compliance controls in their own tab, apart from vulnerabilities', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, PEOPLE.lead);
  await page.goto('/security');
  const tab = page.getByRole('tab', { name: 'Compliance controls' });
  // A fresh backend ingests once after start: wait for the tab's totals.
  await expect(async () => {
    await page.reload();
    await tab.click({ timeout: 5_000 });
    await expect(
      page.getByText(/^Compliance control findings \(\d+\)$/),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [3_000] });
  const failed = Number(
    await page.getByTestId('compliance-FAILED').locator('h5').textContent(),
  );
  expect(failed).toBeGreaterThan(0);
  await expect(page.getByText(/Not vulnerabilities/)).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 2000 });
  await page.screenshot({ path: shot('security-compliance') });
});

test("Datadog's older answers, No Data monitors and SLOs without status read right", async ({
  page,
}) => {
  const services = await scenarioServices();
  // platform-sim's LEGACY_DATADOG_SERVICE_INDEX (older query answers, a monitor and an SLO on a
  // retired env) and UNINDEXED_SLO_SERVICE_INDEX (an SLO not yet indexed: no status at all).
  const legacy = services[4];
  const unindexed = services[3];
  await signInAs(page, PEOPLE.reviewer);

  await page.goto(`/catalog/default/component/${legacy.name}/datadog`);
  // Without query_index the series still match their queries: traffic is charted, not "no data".
  await expect(page.getByTestId('datadog-env-row').first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('datadog-chart-prod-requests')).toBeVisible();
  await expect(
    page.getByTestId('datadog-monitor-row').filter({ hasText: 'No Data' }),
  ).not.toHaveCount(0);
  await expect(page.getByTestId('datadog-monitors-no-data')).toBeVisible();
  await page.screenshot({ path: shot('datadog-legacy'), fullPage: true });

  await page.goto(`/catalog/default/component/${unindexed.name}/datadog`);
  await expect(
    page.getByTestId('datadog-slo-row').filter({ hasText: 'status unknown' }),
  ).not.toHaveCount(0, { timeout: 30_000 });
  await page.screenshot({ path: shot('datadog-slo-unknown'), fullPage: true });
});

test("nonprod's pre-v1 Karpenter nodes land in their pools, priced from their own region's table", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, PEOPLE.lead);
  await page.goto('/cost');
  // The first snapshot of both clusters lands ~15 s after a fresh backend starts.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('run-rate-nonprod')).toContainText(
      /\$[\d,]+/,
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 90_000 });
  await page.getByLabel('Cluster').click();
  await page.getByRole('option', { name: 'nonprod', exact: true }).click();
  await expect(page.getByTestId('run-rate-prod')).toHaveCount(0);
  // platform-sim's nonprod runs Karpenter v0.31: its nodes carry karpenter.sh/provisioner-name only.
  const pools = page.getByTestId('nodepools-table');
  await expect(pools).toContainText('general');
  await expect(pools).toContainText('graviton');
  await expect(pools).not.toContainText('(no nodepool)');
  // Shares are shares: no pool is more than 100 % on spot or arm64.
  const percents = (await pools.locator('td').allTextContents())
    .filter(t => /^\d+ %$/.test(t))
    .map(t => Number(t.replace(' %', '')));
  expect(percents.length).toBeGreaterThan(0);
  expect(percents.filter(p => p > 100)).toEqual([]);
  await expect(page.getByTestId('price-flags')).toHaveCount(0);
  await page.getByTestId('how-we-compute').click();
  await expect(page.getByTestId('price-tables')).toContainText('us-east-1');
  await expect(page.getByTestId('price-tables')).toContainText('eu-west-1');
  await page.setViewportSize({ width: 1440, height: 3000 });
  await page.mouse.move(0, 0); // no chart tooltip in the screenshot
  await page.screenshot({ path: shot('cost-nonprod') });
});
