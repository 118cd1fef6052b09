import { test, expect, Page } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { PEOPLE, backstageToken, signInAs } from './signIn';

/**
 * What each persona sees follows the permission policy: their own sidebar (pages they may not open
 * are not offered), and a page they may not open says why and who can grant it. The decisions
 * are the server's (/api/permission/authorize and the plugins' 403s); the words are the table's
 * (@internal/access-policy).
 */

const shot = (page: Page, name: string) =>
  page.screenshot({
    path: screenshotPath(`personas-${name}`),
  });

const sidebar = (page: Page) =>
  page.getByRole('navigation', { name: 'sidebar nav' });

const EVERYONE = ['Home', 'Catalog', 'Deployments'];

const PERSONAS = [
  {
    persona: 'junior developer',
    person: PEOPLE.junior,
    sees: [...EVERYONE, 'Create'],
    doesNotSee: ['Cost', 'Security'],
  },
  {
    persona: 'reviewer',
    person: PEOPLE.reviewer,
    sees: EVERYONE,
    doesNotSee: ['Create', 'Cost', 'Security'],
  },
  {
    persona: 'lead',
    person: PEOPLE.lead,
    sees: [...EVERYONE, 'Cost', 'Security'],
    doesNotSee: ['Create'],
  },
  {
    persona: 'platform admin',
    person: PEOPLE.platformAdmin,
    sees: [...EVERYONE, 'Create', 'Cost', 'Security'],
    doesNotSee: [],
  },
] as const;

/** The sidebar once the server's decisions are in: every allowed item shown, no refused one. */
async function expectSidebar(
  page: Page,
  sees: readonly string[],
  doesNotSee: readonly string[],
) {
  const nav = sidebar(page);
  for (const name of sees) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  for (const name of doesNotSee) {
    await expect(nav.getByRole('link', { name, exact: true })).toHaveCount(0);
  }
}

const refusedPanel = (page: Page) =>
  page.getByRole('region', { name: 'Not available to you' });

for (const { persona, person, sees, doesNotSee } of PERSONAS) {
  test(`a ${persona} (${person}) sees their own sidebar`, async ({ page }) => {
    await signInAs(page, person);
    await expect(page.getByText('What Pier is for')).toBeVisible();
    await expectSidebar(page, sees, doesNotSee);
    // No refused item flickers in while the decisions load: watch the sidebar over a reload.
    const seen = new Set<string>();
    await page.exposeFunction('pierSawNavItem', (name: string) =>
      seen.add(name),
    );
    await page.addInitScript(() => {
      new MutationObserver(() => {
        document
          .querySelectorAll('nav[aria-label="sidebar nav"] a[aria-label]')
          .forEach(a =>
            (window as any).pierSawNavItem(a.getAttribute('aria-label')),
          );
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await expectSidebar(page, sees, doesNotSee);
    expect([...seen].filter(name => doesNotSee.includes(name as any))).toEqual(
      [],
    );
    // The home page names the pages they may not open, without linking them.
    const welcome = page
      .getByText('What Pier is for')
      .locator('xpath=ancestor::*[.//h4][1]');
    for (const name of sees.filter(n =>
      ['Create', 'Cost', 'Security'].includes(n),
    )) {
      await expect(
        welcome.getByRole('link', { name, exact: true }),
      ).toBeVisible();
    }
    for (const name of doesNotSee) {
      await expect(
        welcome.getByRole('link', { name, exact: true }),
      ).toHaveCount(0);
    }
    await page.mouse.move(700, 450);
    await shot(page, `${person}-home`);
  });
}

test('a junior developer who opens /cost or /security by URL is told why and who can grant it', async ({
  page,
}) => {
  await signInAs(page, PEOPLE.junior);
  await page.goto('/cost');
  await expect(refusedPanel(page)).toContainText(
    'Only leads and the platform team may read the organisation-wide cost dashboard; ask the platform team (platform@example.com) to add you to the Leads group.',
  );
  await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);
  await shot(page, 'ana.silva-cost-refused');

  await page.goto('/security');
  await expect(refusedPanel(page)).toContainText(
    'Only leads and the platform team may read the organisation-wide security dashboard; ask the platform team (platform@example.com) to add you to the Leads group.',
  );
  await shot(page, 'ana.silva-security-refused');

  // The page says what the server says: the data is refused to her too, with the same words.
  const res = await page.request.get(
    '/api/platform-cost/dashboard?cluster=all&days=30',
    { headers: { authorization: `Bearer ${await backstageToken(page)}` } },
  );
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toBe(
    'Only leads and the platform team may read the organisation-wide cost dashboard; ask the platform team (platform@example.com) to add you to the Leads group.',
  );
});

test('a reviewer is refused the organisation-wide security dashboard', async ({
  page,
}) => {
  await signInAs(page, PEOPLE.reviewer);
  await page.goto('/security');
  await expect(refusedPanel(page)).toContainText(
    'Only leads and the platform team may read the organisation-wide security dashboard',
  );
  await shot(page, 'farid.haddad-security-refused');
});

test('a lead who opens /create by URL is told that only junior developers and the platform team run templates', async ({
  page,
}) => {
  await signInAs(page, PEOPLE.lead);
  await page.goto('/create/templates/default/service');
  await expect(refusedPanel(page)).toContainText(
    'Only junior developers and the platform team may run templates; ask the platform team (platform@example.com) to add you to the Junior developers group.',
  );
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await shot(page, 'grace.lee-create-refused');
});

test("a junior developer's owner choice is their own team, preselected", async ({
  page,
}) => {
  await signInAs(page, PEOPLE.junior);
  await page.goto('/create/templates/default/service');
  await expect(
    page.getByText('Payments is the only team you may choose.', {
      exact: false,
    }),
  ).toBeVisible();
  await page.getByLabel('Owner').click();
  await expect(page.getByRole('option')).toHaveText(['Payments']);
  await page.keyboard.press('Escape');
  await shot(page, 'ana.silva-owner');
});

test('the platform admin sees the cost dashboard, not a refusal', async ({
  page,
}) => {
  await signInAs(page, PEOPLE.platformAdmin);
  await page.goto('/cost');
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
  await expect(refusedPanel(page)).toHaveCount(0);
});

test("the catalog's own unregister action follows the policy: a junior unregisters only her team's entities", async ({
  page,
}) => {
  await signInAs(page, PEOPLE.junior);
  const unregister = async (component: string) => {
    await page.goto(`/catalog/default/component/${component}`);
    await page.getByRole('button', { name: 'More actions' }).click();
    const item = page.getByRole('menuitem', { name: 'Unregister entity' });
    await expect(item).toBeVisible();
    return item;
  };
  // team-checkout's service: not hers
  await expect(await unregister('checkout-api')).toHaveAttribute(
    'aria-disabled',
    'true',
  );
  await shot(page, 'ana.silva-unregister-disabled');
  await page.keyboard.press('Escape');
  // team-payments' service: her team's own
  await expect(await unregister('payments-api')).not.toHaveAttribute(
    'aria-disabled',
    'true',
  );
  await page.keyboard.press('Escape');
});

test("a junior developer is refused another team's security findings and cost, in the tab and the card", async ({
  page,
}) => {
  await signInAs(page, PEOPLE.junior);
  await page.goto('/catalog/default/component/checkout-api/security');
  await expect(refusedPanel(page)).toContainText(
    "Only the service's owning team, reviewers, leads and the platform team may read its security findings; ask the platform team (platform@example.com) to add you to the owning team or to the Reviewers group.",
  );
  await shot(page, 'ana.silva-entity-security-refused');
  await page.goto('/catalog/default/component/checkout-api');
  await expect(refusedPanel(page)).toContainText(
    "Only the service's owning team, reviewers, leads and the platform team may read its cost",
  );
  await refusedPanel(page).scrollIntoViewIfNeeded();
  await shot(page, 'ana.silva-entity-cost-refused');
  // her own team's service: both shown
  await page.goto('/catalog/default/component/payments-api/security');
  await expect(page.getByText(/findings/i).first()).toBeVisible();
  await expect(refusedPanel(page)).toHaveCount(0);
});
