import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

// Issue 18 item 4: prod against nonprod on the board and on the service's tab, and a board that
// fits a 1440 px wide screen (the viewport of every e2e test, playwright.config.ts).

test('the board fits 1440 px and shows what differs between prod and nonprod', async ({
  page,
}) => {
  await signInAs(page, PEOPLE.reviewer, '/deployments');
  const header = page.getByRole('columnheader', { name: /Needs review/ });
  await expect(header).toBeVisible();
  const viewport = page.viewportSize()!;
  expect(viewport.width).toBe(1440);
  const box = (await header.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  // Nothing hides to the right: the table does not scroll sideways.
  const table = page.getByRole('table', { name: 'Deployments' });
  const overflow = await table.evaluate(el => {
    const container = el.parentElement!;
    return container.scrollWidth - container.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);

  // A service whose clusters run different versions says so on its rows, with both values.
  const differs = /^Version differs: prod: /;
  const row = page
    .locator('[data-testid="deployment-row"]')
    .filter({ has: page.getByLabel(differs) })
    .first();
  const chip = row.getByLabel(differs);
  await expect(chip).toBeVisible();
  const label = (await chip.getAttribute('aria-label'))!;
  const [, prod, nonprod] = /prod: (\S+)\nnonprod: (\S+)/.exec(label) ?? [];
  expect(prod).toBeTruthy();
  expect(nonprod).toBeTruthy();
  expect(prod).not.toBe(nonprod);
  const service = (await row.getAttribute('data-service'))!;
  await expect(row).toContainText(
    (await row.getAttribute('data-cluster')) === 'prod' ? prod : nonprod,
  );
  await chip.hover();
  await expect(page.getByRole('tooltip')).toContainText(
    `Version: prod ${prod}, nonprod ${nonprod}`,
  );
  // (the tooltip fades in: let it finish before the picture)
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshotPath('pier-deployments-parity') });

  // The service's tab compares the clusters side by side, the differing lines marked.
  await page.goto(`/catalog/default/component/${service}/deployments`);
  const compared = page.getByRole('table', { name: 'Clusters compared' });
  await expect(compared).toBeVisible();
  const versionLine = compared.getByRole('row', { name: /^Version/ });
  await expect(versionLine).toHaveAttribute('data-differs', 'true');
  await expect(versionLine).toContainText(prod);
  await expect(versionLine).toContainText(nonprod);
  await expect(compared.getByRole('row', { name: /^Last sync/ })).toContainText(
    'ago',
  );
  await page.screenshot({
    path: screenshotPath('pier-entity-deployments-parity'),
    fullPage: true,
  });
});

test('an entity written for Roadie’s Argo CD plugin (argocd/app-name only) shows on the board and its tab', async ({
  page,
}) => {
  // catalog/platform.yaml: cert-manager, the platform team's add-on, with argocd/app-name only.
  await signInAs(page, PEOPLE.reviewer, '/deployments');
  await page.getByPlaceholder(/^service, version/).fill('cert-manager');
  for (const cluster of ['prod', 'nonprod']) {
    const row = page.locator(
      `[data-testid="deployment-row"][data-service="cert-manager"][data-cluster="${cluster}"]`,
    );
    await expect(row).toContainText(`addon-cert-manager`);
    await expect(row).toContainText('Healthy');
  }
  await page.goto('/catalog/default/component/cert-manager/deployments');
  const compared = page.getByRole('table', { name: 'Clusters compared' });
  await expect(compared).toBeVisible();
  // the chart each cluster installs, as Argo CD's spec says it
  await expect(
    compared.getByRole('row', { name: /^Git source/ }),
  ).toContainText('cert-manager@');
  await page.screenshot({
    path: screenshotPath('pier-entity-deployments-roadie-annotations'),
    fullPage: true,
  });
});
