import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

// platform-sim's admin endpoint: the scenario the expectations come from.
const SIM_ADMIN = process.env.PIER_SIM_ADMIN_URL ?? 'http://127.0.0.1:7300';
const shot = (name: string) => screenshotPath(`datadog-${name}`);

test('the Datadog card charts a demo service and the versions show its last deploy', async ({
  page,
}) => {
  const scenario = await (await fetch(`${SIM_ADMIN}/admin/scenario`)).json();
  const service = scenario.services[0];
  await signInAs(page, PEOPLE.reviewer);
  await page.goto(`/catalog/default/component/${service.name}`);

  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Datadog APM' })
    .first();
  await expect(card.getByTestId('datadog-env-row').first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(card.getByTestId(`datadog-chart-prod-requests`)).toBeVisible();
  await expect(card.locator('.recharts-line').first()).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: shot('card') });

  await page.goto(`/catalog/default/component/${service.name}/datadog`);
  await page.getByRole('button', { name: 'Last 7 days' }).click();
  await expect(page.getByTestId('datadog-last-deploy')).toContainText(
    `Last deploy: ${service.versions.prod} to prod`,
    { timeout: 30_000 },
  );
  await expect(
    page
      .getByTestId('datadog-version-row')
      .filter({ hasText: service.versions.prod })
      .first(),
  ).toContainText('deployed');
  await page.screenshot({ path: shot('tab'), fullPage: true });
});

test('an entity with the Roadie annotations gets the embedded dashboard and graph', async ({
  page,
}) => {
  const scenario = await (await fetch(`${SIM_ADMIN}/admin/scenario`)).json();
  // ROADIE_DATADOG_SERVICE_INDEX in platform-sim
  const service = scenario.services[2];
  await signInAs(page, PEOPLE.reviewer);
  await page.goto(`/catalog/default/component/${service.name}/datadog`);
  const dashboard = page.frameLocator('iframe[title="Datadog dashboard"]');
  await expect(
    dashboard.getByText(`${service.name} (shared dashboard)`),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.locator('iframe[title^="Datadog graph"]')).toHaveCount(1);
  // A full-page capture leaves the iframes below the fold blank: make the viewport as tall as the page.
  const height = await page.evaluate(() => document.body.scrollHeight);
  await page.setViewportSize({ width: page.viewportSize()!.width, height });
  await expect(
    dashboard.getByText(`${service.name} (shared dashboard)`),
  ).toBeVisible();
  await page.screenshot({ path: shot('roadie-embeds') });
});
