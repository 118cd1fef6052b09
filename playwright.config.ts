import { defineConfig } from '@playwright/test';

// The e2e suite runs against a running Pier (scripts/test.sh starts the production build on
// SQLite). It uses Debian's Chromium: browser downloads are not possible here.
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON ?? 'test-results/e2e.json' }],
  ],
  outputDir: 'test-results/e2e',
  // The production-parity spec runs only against the production artifact (scripts/ci/prod-parity.sh
  // sets PIER_PROD_PARITY=1 and picks its project); the normal e2e run skips it.
  projects: [
    { name: 'e2e', testIgnore: /prodParity\.test\.ts$/ },
    ...(process.env.PIER_PROD_PARITY
      ? [{ name: 'prod-parity', testMatch: /prodParity\.test\.ts$/ }]
      : []),
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://127.0.0.1:7007',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
