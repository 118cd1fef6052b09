import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

// platform-sim's admin endpoint: the scenario (services and the versions deployed per cluster).
const SIM_ADMIN = process.env.PIER_SIM_ADMIN_URL ?? 'http://127.0.0.1:7300';
const screenshot = (name: string) => screenshotPath(name);

type Scenario = {
  services: {
    name: string;
    versions: Record<string, string | null>;
    failures?: Record<string, string>;
  }[];
};

test('a lead opens Security, sees what is deployed and vulnerable, and opens a service', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const scenario: Scenario = await (
    await request.get(`${SIM_ADMIN}/admin/scenario`)
  ).json();

  await signInAs(page, PEOPLE.lead);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Security' })
    .click();
  await expect(page).toHaveURL(/\/security$/);

  // A fresh backend has not ingested yet: reload until the first ingestion has landed.
  const deployedTitle = page.getByText(
    /^Deployed and vulnerable: .* \((\d+)\)$/,
  );
  await expect(async () => {
    if (!(await deployedTitle.isVisible())) {
      await page.reload();
      await expect(deployedTitle).toBeVisible({ timeout: 5_000 });
    }
  }).toPass({ timeout: 120_000, intervals: [3_000] });
  await expect(page.getByTestId('last-refreshed')).not.toContainText('never');
  const shown = Number(
    /\((\d+)\)$/.exec((await deployedTitle.textContent())!)![1],
  );
  expect(shown).toBeGreaterThan(0);

  // The first row: a scenario service, with the image tag of the version running in that cluster.
  const deployed = page.locator('div[class*="MuiPaper"]', {
    has: deployedTitle,
  });
  const firstRow = deployed.locator('tbody tr').first();
  const cells = await firstRow.locator('td').allTextContents();
  // Severity, Service, Team, Running in, CVE, Packages (installed → fixed), Image
  const [severity, service, , runningIn, cve, packages, imageTags] = cells;
  expect(packages).toMatch(/ → /);
  // "Running in": the cluster, and since when (a caption under it).
  expect(runningIn).toMatch(/^(prod|nonprod)since \d{4}-\d{2}-\d{2}$/);
  const cluster = runningIn.replace(/since .*$/, '');
  expect(['CRITICAL', 'HIGH']).toContain(severity);
  expect(cve).toMatch(/^CVE-\d{4}-\d+$/);
  const simService = scenario.services.find(s => s.name === service);
  expect(simService, `${service} is a platform-sim service`).toBeDefined();
  // A service whose rollout is stuck (a failure mode in the scenario) still runs its previous
  // version's pods, so only a healthy deployment must run exactly the deployed version.
  const rolling = Boolean(simService!.failures?.[cluster]);
  expect(
    rolling || imageTags.split(', ').includes(simService!.versions[cluster]),
    `${service} in ${cluster} runs ${imageTags}; deployed version ${
      simService!.versions[cluster]
    }`,
  ).toBe(true);
  // The page scrolls inside Backstage's layout, so a tall viewport captures every card.
  await page.setViewportSize({ width: 1440, height: 2400 });
  await page.screenshot({ path: screenshot('security-dashboard.png') });

  await firstRow.getByRole('link', { name: service, exact: true }).click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${service}/security$`),
  );
  await expect(
    page.getByText(
      /^Open findings \(\d+ on running images, \d+ registry only\)$/,
    ),
  ).toBeVisible({ timeout: 30_000 });
  await page.screenshot({
    path: screenshot('security-entity.png'),
    fullPage: true,
  });
  // The finding from the Security page, running in the same cluster (the table may have pages).
  const search = page.getByPlaceholder('Filter');
  await search.fill(cve);
  await expect(
    page
      .locator('tbody tr', { hasText: cve })
      .getByText(new RegExp(`^${cluster} since \\d{4}-\\d{2}-\\d{2}$`))
      .first(),
  ).toBeVisible();
  await search.fill('');

  // Suppressed findings (accepted risks) are one click away, not counted as open.
  const suppressedButton = page.getByRole('button', {
    name: /^Suppressed \(\d+\)$/,
  });
  const suppressed = Number(
    /\((\d+)\)/.exec((await suppressedButton.textContent())!)![1],
  );
  await suppressedButton.click();
  await expect(
    page.getByText(`Suppressed findings (${suppressed}, accepted risks)`),
  ).toBeVisible();
  await expect(page.locator('tbody tr', { hasText: /SUPPRESSED/ })).toHaveCount(
    Math.min(suppressed, 20),
  );
  // All findings, open and suppressed; opening a row shows what to do about it.
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await expect(
    page.getByText(/^All findings \(\d+, open and suppressed\)$/),
  ).toBeVisible();
  await page
    .getByRole('button', { name: 'Detail panel visiblity toggle' })
    .first()
    .click();
  await expect(page.getByRole('link', { name: /^Advisory/ })).toBeVisible();
  await page.screenshot({
    path: screenshot('security-entity-all.png'),
    fullPage: true,
  });
});
