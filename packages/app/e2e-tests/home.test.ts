import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

// The home page's "For you" widget (issue 18): what each persona sees first.
const shot = (name: string) => screenshotPath(`home-${name}`);

test("a junior's home: their team's services with verdicts, the templates and their runs", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, PEOPLE.junior);
  await expect(page.getByTestId('home-who')).toContainText(
    'Junior developer · team-payments',
  );
  const services = page.getByTestId('home-team-services');
  await expect(
    services.getByRole('link', { name: 'payments-api' }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    services
      .getByText(/^(healthy|attention|degraded|not deployed|unknown)$/)
      .first(),
  ).toBeVisible();
  await expect(
    page
      .getByTestId('home-junior')
      .getByRole('link', { name: /service/i })
      .first(),
  ).toBeVisible();
  await expect(page.getByTestId('home-reviewer')).toHaveCount(0);
  await expect(page.getByTestId('home-lead')).toHaveCount(0);
  await page.screenshot({ path: shot('junior'), fullPage: true });
});

test("a reviewer's home: what needs review now, from the deployments board", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, PEOPLE.reviewer);
  await expect(page.getByTestId('home-who')).toContainText('Reviewer');
  const queue = page.getByTestId('home-review-queue');
  await expect(queue).toContainText(
    /\d+ applications? need review · \d+ behind the other cluster/,
    { timeout: 30_000 },
  );
  // What breaks users comes first: recommendations cannot start in prod (its image has no arm64
  // variant on the Graviton pool), so it heads the queue before the apps that are merely behind Git.
  await expect(queue.getByRole('link').nth(1)).toHaveText('recommendations');
  await expect(queue.getByRole('paragraph').nth(1)).toContainText(
    'in prod: Deployment "recommendations" exceeded its progress deadline',
  );
  // The rows that do not fit are counted, with the way to the rest.
  await expect(queue.getByText(/^and \d+ more on the board$/)).toBeVisible();
  await expect(page.getByTestId('home-junior')).toHaveCount(0);
  await page.screenshot({ path: shot('reviewer'), fullPage: true });
});

test("a lead's home: their teams' cost and security headline numbers, linking to the dashboards", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, PEOPLE.lead);
  const lead = page.getByTestId('home-lead');
  // A fresh backend snapshots costs and ingests findings shortly after start.
  await expect(async () => {
    await page.reload();
    await expect(lead.getByTestId('home-lead-headline')).toContainText(
      // Both with their trend: the cost rate and the findings against a week before.
      /All clusters: \$[\d,]+ over 30 days \([+-]?\d+ % in 7 days\) · \d+ open critical \+ high findings \([+-]?\d+ in 7 days\)/,
      { timeout: 5000 },
    );
  }).toPass({ timeout: 120_000 });
  await expect(lead.getByRole('link', { name: 'Cost' })).toHaveAttribute(
    'href',
    '/cost',
  );
  await expect(lead.getByRole('row', { name: /Payments/ })).toContainText(
    /\$[\d,]+/,
  );
  // The team's services below the headline have their verdicts too (the page is whole).
  await expect(
    page.getByTestId('home-team-services').getByRole('row').nth(1),
  ).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: shot('lead'), fullPage: true });
});
