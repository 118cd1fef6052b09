import { test, expect, Page } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

// platform-sim's admin endpoint (fault injection), shared by every backend of the run.
const SIM_ADMIN = process.env.PIER_SIM_ADMIN_URL ?? 'http://127.0.0.1:7300';

function row(page: Page, service: string, cluster: string) {
  return page.locator(
    `[data-testid="deployment-row"][data-service="${service}"][data-cluster="${cluster}"]`,
  );
}

test('a reviewer filters the deployments board to OutOfSync and opens the service', async ({
  page,
}) => {
  await signInAs(page, PEOPLE.reviewer);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Deployments' })
    .click();
  await expect(page).toHaveURL(/\/deployments$/);

  // Every service in both clusters, what needs review highlighted with the reason.
  await expect(row(page, 'refunds-worker', 'nonprod')).toContainText(
    'Degraded',
  );
  await expect(row(page, 'refunds-worker', 'nonprod')).toContainText(
    'git revert',
  );
  await expect(page.getByText(/need review · updated \d+ s ago/)).toBeVisible();
  await page.screenshot({
    path: screenshotPath('pier-deployments-board'),
  });

  await page.getByLabel('Status').selectOption('OutOfSync');
  const checkout = row(page, 'checkout-api', 'prod');
  await expect(checkout).toBeVisible();
  await expect(checkout).toContainText('OutOfSync');
  await expect(
    checkout.getByRole('link', { name: /^checkout-api-prod/ }),
  ).toHaveAttribute('href', /\/applications\/checkout-api-prod$/);
  await expect(
    page.locator('[data-testid="deployment-row"][data-cluster="nonprod"]'),
  ).toHaveCount(0);

  await checkout
    .getByRole('link', { name: 'checkout-api', exact: true })
    .click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/checkout-api/);

  // The service's Deployments tab: both clusters' state and their history.
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Deployments' })
    .click();
  await expect(page).toHaveURL(/\/component\/checkout-api\/deployments$/);
  await expect(page.getByText(/pending in Git:/)).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'prod history', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'nonprod history', exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: screenshotPath('pier-entity-deployments'),
    fullPage: true,
  });
});

test("with prod's Argo CD failing, the board keeps nonprod and says why", async ({
  page,
  request,
}) => {
  // The board reads Argo CD once per refresh period (30 s), and the page refreshes as often.
  test.setTimeout(180_000);
  const fault = await request.post(`${SIM_ADMIN}/admin/faults`, {
    data: { upstream: 'argocd.prod', errorRate: 1, errorStatus: 503 },
  });
  expect(fault.ok()).toBe(true);
  try {
    await signInAs(page, PEOPLE.reviewer, '/deployments');
    await expect(
      page.getByText(
        /prod Argo CD not read since \d\d:\d\d UTC: .*HTTP 503.*; showing data last read \d+ (s|min) ago\./,
      ),
    ).toBeVisible({
      timeout: 120_000,
    });
    await expect(row(page, 'refunds-worker', 'nonprod')).toContainText(
      'Degraded',
    );
    await page.screenshot({
      path: screenshotPath('pier-deployments-prod-down'),
    });
  } finally {
    await request.delete(`${SIM_ADMIN}/admin/faults?upstream=argocd.prod`);
  }
});
