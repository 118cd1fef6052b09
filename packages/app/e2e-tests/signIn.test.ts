import { test, expect, Page } from '@playwright/test';
import { screenshotPath } from './screenshots';
import fs from 'node:fs';
import {
  PEOPLE,
  backstageIdentity,
  backstageToken,
  signInAs,
  startSignIn,
} from './signIn';

// platform-sim's admin endpoint (fault injection), shared by every backend of the run.
const SIM_ADMIN = process.env.PIER_SIM_ADMIN_URL ?? 'http://127.0.0.1:7300';
const metricsFile = process.env.PIER_E2E_METRICS;

function recordMetric(name: string, value: number) {
  if (!metricsFile) return;
  fs.appendFileSync(metricsFile, `${name}=${value}\n`);
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: screenshotPath(name) });
}

// Every catalog person of the local IdP, one junior per product team, a reviewer on each side,
// both leads and the platform admin.
const personas: [string, string, string[]][] = [
  [
    'ana.silva',
    'junior, team-payments',
    ['group:default/team-payments', 'group:default/junior-developers'],
  ],
  ['ben.okafor', 'junior, team-checkout', ['group:default/team-checkout']],
  ['chen.wei', 'junior, team-discovery', ['group:default/team-discovery']],
  ['dana.kim', 'junior, team-identity', ['group:default/team-identity']],
  [
    'eva.novak',
    'reviewer, platform-team',
    ['group:default/reviewers', 'group:default/platform-team'],
  ],
  ['farid.haddad', 'reviewer, team-checkout', ['group:default/reviewers']],
  [
    'grace.lee',
    'lead, team-payments',
    ['group:default/leads', 'group:default/team-payments'],
  ],
  ['henrik.berg', 'lead, team-discovery', ['group:default/leads']],
  ['ivan.petrov', 'platform admin', ['group:default/platform-team']],
];

const signInTimes: number[] = [];

test.describe('signing in through the company IdP (locally platform-sim’s)', () => {
  for (const [person, persona, groups] of personas) {
    test(`${person} (${persona}) signs in and is that catalog User`, async ({
      page,
    }) => {
      const { signInMs } = await signInAs(page, person);
      signInTimes.push(signInMs);
      recordMetric(`oidc_sign_in_ms_${person}`, signInMs);
      const { identity } = await backstageIdentity(page);
      expect(identity.userEntityRef).toBe(`user:default/${person}`);
      expect(identity.ownershipEntityRefs).toEqual(
        expect.arrayContaining(groups),
      );
      // A reload keeps the session (the backend refreshes it with the IdP's refresh token).
      await page.reload();
      await expect(
        page
          .getByRole('navigation', { name: 'sidebar nav' })
          .getByRole('link', { name: 'Catalog', exact: true }),
      ).toBeVisible();
    });
  }

  test.afterAll(() => {
    if (signInTimes.length === 0) return;
    const sorted = [...signInTimes].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    recordMetric('oidc_sign_in_median_ms', median);
    recordMetric('oidc_sign_in_max_ms', sorted[sorted.length - 1]);
  });

  test('the IdP page lists the demo people; Nora, whom the catalog does not know, is refused by e-mail', async ({
    page,
  }) => {
    await startSignIn(page, PEOPLE.outsider, '/', async popup => {
      for (const name of [
        'Ana Silva',
        'Farid Haddad',
        'Grace Lee',
        'Ivan Petrov',
        'Nora Outsider',
      ]) {
        await expect(popup.getByText(name, { exact: true })).toBeVisible();
      }
      await expect(
        popup.getByText('Payments · Junior developers'),
      ).toBeVisible();
      await popup.setViewportSize({ width: 800, height: 980 });
      await screenshot(popup, 'signin-idp');
    });
    await expect(page.getByRole('alert')).toContainText(
      'nobody@example.com is not a Pier user',
    );
    await expect(page.getByRole('alert')).toContainText(
      'Ask the platform team (platform@example.com) to add you.',
    );
    await expect(
      page.getByRole('navigation', { name: 'sidebar nav' }),
    ).toHaveCount(0);
    await screenshot(page, 'signin-refused');
    // Nothing was created: no session to refresh.
    await expect(backstageToken(page)).rejects.toThrow(/no Backstage session/);
  });

  test('with the IdP down, the sign-in page says the company sign-in service is unreachable', async ({
    page,
    request,
  }) => {
    const fault = await request.post(`${SIM_ADMIN}/admin/faults`, {
      data: { upstream: 'idp', errorRate: 1 },
    });
    expect(fault.ok()).toBe(true);
    try {
      await page.goto('/');
      const popupOpened = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Sign In' }).click();
      await (await popupOpened).waitForEvent('close');
      await expect(page.getByRole('alert')).toContainText(
        /The company sign-in service \(http:\/\/127\.0\.0\.1:\d+\) is unreachable/,
      );
      await screenshot(page, 'signin-idp-down');
    } finally {
      await request.delete(`${SIM_ADMIN}/admin/faults?upstream=idp`);
    }
    // Back up: the next sign-in works without restarting Pier.
    await signInAs(page, PEOPLE.junior);
  });

  test('a forged, tampered or expired Backstage token gets 401', async ({
    page,
  }) => {
    await signInAs(page, PEOPLE.lead);
    const token = await backstageToken(page);
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const b64 = (o: unknown) =>
      Buffer.from(JSON.stringify(o)).toString('base64url');
    const attempts = {
      genuine: token,
      'made up': 'not-a-token',
      'tampered claims': `${header}.${b64({
        ...claims,
        sub: 'user:default/ivan.petrov',
      })}.${token.split('.')[2]}`,
      'expired, signature stripped': `${header}.${b64({ ...claims, exp: 1 })}.`,
      'alg none': `${b64({ alg: 'none', typ: 'vnd.backstage.user' })}.${b64(
        claims,
      )}.`,
    };
    const statuses: Record<string, number> = {};
    for (const [name, value] of Object.entries(attempts)) {
      const res = await page.request.get('/api/catalog/entities?limit=1', {
        headers: { authorization: `Bearer ${value}` },
      });
      statuses[name] = res.status();
    }
    expect(statuses).toEqual({
      genuine: 200,
      'made up': 401,
      'tampered claims': 401,
      'expired, signature stripped': 401,
      'alg none': 401,
    });
  });
});
