// Time from navigation to what a person came for, in Debian's Chromium, warm browser (assets
// cached, signed in, every page opened once first): the service page's overview verdicts against
// the catalog page's first rows, in the same run and alternating. Not a test: prints numbers.
// Issue 18 asks for the overview's time against the catalog's.
//   PIER_URL (default http://127.0.0.1:7107), PERSON (grace.lee), SERVICE (payments-api),
//   ROUNDS (10), CHROMIUM_PATH (/usr/bin/chromium)
import { chromium } from '@playwright/test';

const base = process.env.PIER_URL ?? 'http://127.0.0.1:7107';
const person = process.env.PERSON ?? 'grace.lee';
const service = process.env.SERVICE ?? 'payments-api';
const rounds = Number(process.env.ROUNDS ?? 10);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = xs => Math.max(...xs);

async function signIn(page) {
  await page.goto('/');
  const card = page
    .locator('li', { has: page.getByText('Company SSO', { exact: true }) })
    .last();
  const popupOpened = page.waitForEvent('popup');
  await card.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupOpened;
  await popup
    .locator('form', {
      has: popup.locator(`input[name="sub"][value="${person}"]`),
    })
    .getByRole('button')
    .click();
  await popup.waitForEvent('close');
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor({ timeout: 60_000 });
}

/** Milliseconds from `goto` to `ready` visible. */
async function timed(page, path, ready) {
  const t0 = performance.now();
  await page.goto(path);
  await ready(page).waitFor({ timeout: 60_000 });
  return performance.now() - t0;
}

const PAGES = {
  catalog: {
    path: '/catalog',
    ready: page => page.locator('table tbody tr a').first(),
  },
  overview: {
    path: `/catalog/default/component/${service}`,
    // Both clusters' verdicts: the overview's answer has arrived and is drawn.
    ready: page => page.locator('[data-testid^="overview-cluster-"][data-verdict]').nth(1),
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
try {
  const page = await browser.newPage({
    baseURL: base,
    viewport: { width: 1440, height: 900 },
  });
  await signIn(page);
  for (const p of Object.values(PAGES)) await timed(page, p.path, p.ready);
  const times = { catalog: [], overview: [] };
  for (let i = 0; i < rounds; i++) {
    for (const [name, p] of Object.entries(PAGES)) {
      times[name].push(await timed(page, p.path, p.ready));
    }
  }
  const c = median(times.catalog);
  const o = median(times.overview);
  console.log(
    `catalog page, first rows visible: median ${c.toFixed(0)} ms, max ${max(
      times.catalog,
    ).toFixed(0)} ms (${rounds} loads, warm browser, as ${person})`,
  );
  console.log(
    `${service} overview, both verdicts visible: median ${o.toFixed(
      0,
    )} ms, max ${max(times.overview).toFixed(0)} ms; ${(o / c).toFixed(
      2,
    )} × the catalog page`,
  );
} finally {
  await browser.close();
}
