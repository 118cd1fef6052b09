import { Page, expect } from '@playwright/test';

/**
 * The demo people on the local IdP's login page (platform-sim, from catalog/org.yaml), by the
 * persona each e2e test plays. Nora is known to the IdP only: Pier must refuse her.
 */
export const PEOPLE = {
  junior: 'ana.silva', // team-payments, junior-developers
  reviewer: 'farid.haddad', // team-checkout, reviewers
  lead: 'grace.lee', // team-payments, leads
  platformAdmin: 'ivan.petrov', // platform-team
  outsider: 'nora.outsider', // nobody@example.com, no catalog User
} as const;

const sidebarCatalog = (page: Page) =>
  page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });

/**
 * Opens Pier at `path`, clicks "Sign In" on the Company SSO card and picks `person` (a catalog
 * User's name, e.g. `ana.silva`) on the local IdP's page in the popup. Returns when the popup
 * has closed, with how long that took in the browser.
 */
export async function startSignIn(
  page: Page,
  person: string,
  path = '/',
  onIdpPage?: (popup: Page) => Promise<void>,
) {
  await page.goto(path);
  const card = page
    .locator('li', { has: page.getByText('Company SSO', { exact: true }) })
    .last();
  const popupOpened = page.waitForEvent('popup');
  const started = Date.now();
  await card.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupOpened;
  await expect(popup.getByText('Local IdP — demo people')).toBeVisible();
  if (onIdpPage) await onIdpPage(popup);
  await popup
    .locator('form', {
      has: popup.locator(`input[name="sub"][value="${person}"]`),
    })
    .getByRole('button')
    .click();
  await popup.waitForEvent('close');
  return { started, popupClosedMs: Date.now() - started };
}

/** Signs in as `person` through the company IdP (locally platform-sim's), as a person would. */
export async function signInAs(page: Page, person: string, path = '/') {
  const { started } = await startSignIn(page, person, path);
  await expect(sidebarCatalog(page)).toBeVisible();
  return { signInMs: Date.now() - started };
}

/** The signed-in person's Backstage identity and token (the same refresh the app makes on a reload). */
export async function backstageIdentity(page: Page): Promise<{
  token: string;
  identity: { userEntityRef: string; ownershipEntityRefs: string[] };
}> {
  for (const env of ['development', 'production']) {
    const res = await page.request.get(`/api/auth/oidc/refresh?env=${env}`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (res.ok()) return (await res.json()).backstageIdentity;
  }
  throw new Error('no Backstage session to refresh: sign in first');
}

/** The signed-in person's Backstage token. */
export async function backstageToken(page: Page): Promise<string> {
  return (await backstageIdentity(page)).token;
}
