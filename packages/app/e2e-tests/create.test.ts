import { test, expect, Page } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, backstageToken, signInAs } from './signIn';

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({
    path: screenshotPath(`create-${name}`),
    fullPage,
  });

/** Counts the junior's clicks, so the report can say how many it takes. */
function clickCounter(page: Page) {
  let clicks = 0;
  return {
    click: async (locator: ReturnType<Page['locator']>) => {
      clicks += 1;
      await locator.click();
    },
    get count() {
      return clicks;
    },
  };
}

test('a junior creates a service from the form: live validation, preview of every file, live log, component in the catalog', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const name = `e2e-${Date.now().toString(36)}`;
  // Ana is a junior developer in team-payments: the owner she picks is her own team.
  await signInAs(page, PEOPLE.junior);
  const ui = clickCounter(page);
  const started = Date.now();

  await ui.click(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: /Create/ }),
  );
  await expect(page.getByText('TypeScript HTTP service')).toBeVisible();
  await shot(page, 'templates');
  await ui.click(
    page
      .locator('[class*="MuiCard-root"]')
      .filter({ hasText: 'TypeScript HTTP service' })
      .last()
      .getByRole('button', { name: 'Choose' }),
  );

  // Live validation: the message changes as the junior types.
  const nameField = page.getByLabel('Name', { exact: false }).first();
  await nameField.fill('Payment_Refunds');
  await expect(page.getByText('Start with a lowercase letter')).toBeVisible();
  await nameField.fill('payment_refunds');
  await expect(
    page.getByText(
      "Use lowercase letters, digits and '-' only, at most 40 characters",
    ),
  ).toBeVisible();
  await shot(page, 'validation');
  await nameField.fill(name);
  await page
    .getByLabel('Description')
    .fill('Issues refunds for card payments (e2e)');
  await ui.click(page.getByLabel('Owner'));
  await ui.click(page.getByRole('option', { name: 'Payments', exact: true }));
  await ui.click(page.getByRole('button', { name: 'Next' }));
  await expect(page.getByLabel('Container port')).toHaveValue('8080');
  await ui.click(page.getByRole('button', { name: 'Next' }));

  // The preview: every generated file, validated, before anything is published.
  await expect(page.getByText(/files generated and validated in/)).toBeVisible({
    timeout: 60_000,
  });
  const files = page.getByRole('list', { name: 'Generated files' });
  // Looking at a file is optional for the junior, so these clicks are not counted.
  const deployment = `infra-change/infra/gitops/apps/${name}/prod/deployment.yaml`;
  await files.getByRole('button', { name: deployment }).click();
  await expect(page.getByLabel(`Contents of ${deployment}`)).toContainText(
    'kind: Deployment',
  );
  await expect(
    files.getByText(`infra/gitops/apps/${name}/prod/`, { exact: true }),
  ).toBeVisible();
  await shot(page, 'preview-infra', true);
  await files
    .getByRole('button', { name: 'service/catalog-info.yaml' })
    .click();
  await expect(
    page.getByLabel('Contents of service/catalog-info.yaml'),
  ).toContainText(`backstage.io/kubernetes-id: "${name}"`);
  await shot(page, 'preview', true);
  await ui.click(page.getByRole('button', { name: 'Review' }));
  await ui.click(page.getByRole('button', { name: 'Create' }));

  // The live log while it publishes.
  await expect(
    page.getByText('Register the component in the catalog'),
  ).toBeVisible();
  await shot(page, 'log');
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 120_000 });
  await expect(
    page.getByRole('link', { name: 'Infra change (review and merge)' }),
  ).toBeVisible();
  await shot(page, 'done');
  await ui.click(openInCatalog);
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  // The catalog ingests the new location within seconds; until then the page says "not found".
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('link', { name: 'Repository' })).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 90_000 });
  const seconds = (Date.now() - started) / 1000;
  await expect(page.getByRole('link', { name: 'Repository' })).toHaveAttribute(
    'href',
    new RegExp(`/${name}/tree/main/`),
  );
  await expect(
    page.getByRole('link', { name: /Infra change/ }),
  ).toHaveAttribute('href', new RegExp(`/infra/changes/add-service-${name}`));
  await shot(page, 'component');

  // Leave the catalog as the run found it (the CI parity and restart checks compare catalogs): test
  // housekeeping, done with the run's CI token when there is one (scripts/ci/app-config.ci.yaml).
  const token = process.env.PIER_CI_TOKEN ?? (await backstageToken(page));
  const headers = { authorization: `Bearer ${token}` };
  const location = await (
    await page.request.get(
      `/api/catalog/locations/by-entity/component/default/${name}`,
      { headers },
    )
  ).json();
  expect(
    (
      await page.request.delete(`/api/catalog/locations/${location.id}`, {
        headers,
      })
    ).ok(),
  ).toBe(true);
  // eslint-disable-next-line no-console
  console.log(
    `create → registered component: ${ui.count} clicks, ${seconds.toFixed(
      1,
    )} s`,
  );
});
