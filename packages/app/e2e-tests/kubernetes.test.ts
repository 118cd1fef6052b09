import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, signInAs } from './signIn';

test("a reviewer sees a service's workloads in both clusters, with the failing pod explained", async ({
  page,
}) => {
  await signInAs(
    page,
    PEOPLE.reviewer,
    '/catalog/default/component/refunds-worker',
  );
  await page.getByText('Kubernetes', { exact: true }).click();
  await expect(page).toHaveURL(/\/kubernetes$/);

  await expect(page.getByText('Your Clusters')).toBeVisible();
  for (const cluster of ['prod', 'nonprod']) {
    await expect(
      page
        .getByRole('button')
        .filter({ hasText: new RegExp(`^${cluster}Cluster`) }),
    ).toBeVisible();
  }
  // refunds-worker's new release crash-loops in nonprod: the error table says so.
  const errors = page.getByRole('row').filter({ hasText: 'nonprod' });
  await expect(errors.filter({ hasText: 'back-off' }).first()).toBeVisible();

  await page.screenshot({
    path: screenshotPath('pier-kubernetes-tab'),
    fullPage: true,
  });
});
