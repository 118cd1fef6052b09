import { test, expect, Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PEOPLE, backstageToken, signInAs } from './signIn';

// Production parity (scripts/ci/prod-parity.sh): the backend as the image ships it, configured by
// app-config.yaml + app-config.production.yaml and environment variables only. Runs only in the
// `prod-parity` Playwright project (PIER_PROD_PARITY=1); the normal e2e run skips this file.
//
// A lead signs in through the local OIDC IdP (the same oidc provider and resolver as production)
// and every page loads its data through production's auth paths: EKS tokens from STS AssumeRole
// (Kubernetes tab, cost snapshots), Argo CD account tokens (deployments), assumed-role credentials
// with the SDK's endpoint variables (security findings, Cost Explorer), Datadog keys from the
// environment.

const DOWNLOADS =
  process.env.PIER_PARITY_DOWNLOADS ?? 'test-results/prod-parity/downloads';
const SERVICE = 'payments-api'; // owned by team-payments

async function openFromSidebar(page: Page, name: string, url: RegExp) {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true })
    .click();
  await expect(page).toHaveURL(url);
}

/** Reloads until `check` passes: data that a fresh backend ingests on its first scheduled run. */
async function eventually(
  page: Page,
  check: () => Promise<void>,
  timeout = 120_000,
) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [3_000] });
}

test.describe.configure({ mode: 'serial' });

test('a lead signs in through the IdP and every page loads its data on the production build', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // grace.lee: team-payments, leads (security and cost dashboards are theirs to see).
  const { signInMs } = await signInAs(page, PEOPLE.lead);
  test.info().annotations.push({
    type: 'oidc-sign-in-ms',
    description: String(signInMs),
  });

  // Catalog: the org from the image's catalog-info.yaml and the services registered through the API.
  await openFromSidebar(page, 'Catalog', /\/catalog/);
  await eventually(page, async () => {
    await expect(
      page.getByRole('link', { name: SERVICE, exact: true }),
    ).toBeVisible({ timeout: 5_000 });
  });

  // The service's Kubernetes tab: both EKS clusters answered with the aws auth provider's tokens
  // (STS AssumeRole of the read-only role, then a k8s-aws-v1 token per cluster), without errors.
  const workloads = page.waitForResponse(r =>
    /\/api\/kubernetes\/services\//.test(r.url()),
  );
  await page.goto(`/catalog/default/component/${SERVICE}/kubernetes`);
  const answer = await (await workloads).json();
  expect(answer.items.map((i: any) => i.cluster.name).sort()).toEqual([
    'nonprod',
    'prod',
  ]);
  for (const item of answer.items) {
    expect(item.errors, item.cluster.name).toEqual([]);
    const pods = item.resources.find((r: any) => r.type === 'pods');
    expect(pods.resources.length, `${item.cluster.name} pods`).toBeGreaterThan(
      0,
    );
  }
  await expect(page.getByText('Your Clusters')).toBeVisible({
    timeout: 30_000,
  });
  for (const cluster of ['prod', 'nonprod']) {
    await expect(
      page
        .getByRole('button')
        .filter({ hasText: new RegExp(`^${cluster}Cluster`) }),
    ).toBeVisible();
  }
  await expect(
    page.getByText(/Error communicating with Kubernetes|401|Unauthorized/),
  ).toHaveCount(0);

  // Deployments tab: both Argo CD instances read with their account tokens.
  await page.goto(`/catalog/default/component/${SERVICE}/deployments`);
  await expect(
    page.getByRole('table', { name: 'prod history', exact: true }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    page.getByRole('table', { name: 'nonprod history', exact: true }),
  ).toBeVisible();

  // Datadog: the APM card with metrics for prod.
  await page.goto(`/catalog/default/component/${SERVICE}`);
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Datadog APM' })
    .first();
  await expect(card.getByTestId('datadog-env-row').first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(card.getByTestId('datadog-chart-prod-requests')).toBeVisible();

  // The deployments board.
  await openFromSidebar(page, 'Deployments', /\/deployments$/);
  await expect(
    page.locator(
      `[data-testid="deployment-row"][data-service="${SERVICE}"][data-cluster="prod"]`,
    ),
  ).toBeVisible({ timeout: 30_000 });

  await mkdir(DOWNLOADS, { recursive: true });

  // Security: findings ingested with the assumed role's credentials; both CSV exports.
  await openFromSidebar(page, 'Security', /\/security$/);
  await eventually(page, async () => {
    await expect(
      page.getByText(/^Deployed and vulnerable: .* \((\d+)\)$/),
    ).toBeVisible({ timeout: 5_000 });
  });
  for (const name of ['Export all (CSV)', 'Export deployed (CSV)']) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name }).click();
    const file = await download;
    await file.saveAs(path.join(DOWNLOADS, file.suggestedFilename()));
  }

  // Cost: both clusters' snapshots (Kubernetes through EKS tokens, OpenCost, Cost Explorer).
  await openFromSidebar(page, 'Cost', /\/cost$/);
  await eventually(page, async () => {
    await expect(page.getByTestId('run-rate-prod')).toContainText(/\$[\d,]+/, {
      timeout: 5_000,
    });
    await expect(page.getByTestId('run-rate-nonprod')).toContainText(
      /\$[\d,]+/,
      { timeout: 1_000 },
    );
  });
  // Billed days came from Cost Explorer (the payer account's role assumed through STS, the client's
  // endpoint from AWS_ENDPOINT_URL_COST_EXPLORER) and no cluster's snapshot failed.
  const token = await backstageToken(page);
  await expect
    .poll(
      async () => {
        const res = await page.request.get(
          '/api/platform-cost/dashboard?days=30',
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        const dashboard = await res.json();
        return {
          billed: dashboard.trend?.some((d: any) => d.source === 'billing'),
          stale: dashboard.stale,
        };
      },
      { timeout: 120_000, intervals: [3_000] },
    )
    .toEqual({ billed: true, stale: [] });
  const costCsv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await costCsv;
  await file.saveAs(path.join(DOWNLOADS, file.suggestedFilename()));
});
