// Secrets stay on the server (run by scripts/ci/prod-parity.sh against the production artifact).
// Every secret the backend was given (canary values where the stand-ins allow any value, the
// simulator's distinctive keys where they must match) must appear in none of: the built frontend
// files as served (after app-backend injected the config), index.html and its config script, the
// static files it references, the backend's log, the bodies and headers of failing requests, and
// the CSV exports (downloaded in the browser by prodParity.test.ts, and read through the API).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const URL_ = process.env.PARITY_URL;
const SECRETS = JSON.parse(readFileSync(process.env.PARITY_SECRETS, 'utf8'));
const TOKEN = process.env.PARITY_BACKEND_TOKEN;

/** The secret's value and, for multi-line ones, each long line (a PEM body leaks line by line). */
const needles = Object.entries(SECRETS).flatMap(([name, value]) => [
  [name, value],
  ...value
    .split('\n')
    .filter(l => l.length >= 16 && l !== value && !/^-----/.test(l))
    .map(l => [name, l]),
]);

function leaks(text) {
  return needles.filter(([, v]) => text.includes(v)).map(([n]) => n);
}

function files(dir) {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('every secret was given to the backend', () => {
  for (const name of [
    'AUTH_SESSION_SECRET',
    'PIER_BACKEND_SECRET',
    'POSTGRES_PASSWORD',
    'OIDC_CLIENT_SECRET',
    'DATADOG_API_KEY',
    'DATADOG_APP_KEY',
    'GITHUB_APP_PRIVATE_KEY',
    'GITHUB_APP_CLIENT_SECRET',
    'GITHUB_APP_WEBHOOK_SECRET',
    'ARGOCD_PROD_TOKEN',
    'ARGOCD_NONPROD_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
  ]) {
    assert.ok(SECRETS[name]?.length >= 16, `${name} has a distinctive value`);
  }
});

test('no secret in the built frontend files (as served, config injected)', () => {
  const dist = process.env.PARITY_APP_DIST;
  const all = files(dist);
  assert.ok(
    all.some(f => f.endsWith('index.html')),
    `${dist} holds the built app`,
  );
  const found = all.flatMap(f =>
    leaks(readFileSync(f, 'latin1')).map(n => `${n} in ${f}`),
  );
  assert.deepEqual(found, []);
});

test('no secret in index.html, its served config or the static files it loads', async () => {
  for (const path of ['/', '/catalog', '/some/deep/route']) {
    const res = await fetch(`${URL_}${path}`);
    assert.equal(res.status, 200, path);
    const html = await res.text();
    assert.deepEqual(leaks(html), [], `index.html at ${path}`);
    const config =
      /<script type="backstage.io\/config">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(
      config,
      'app-backend injects the frontend config into index.html',
    );
    const served = JSON.parse(config[1]);
    // The served config is the production one, filtered to what the browser may read.
    assert.ok(
      served.some(c => c.data?.auth?.environment === 'production'),
      'the production auth.environment is served to the browser',
    );
    assert.ok(
      !JSON.stringify(served).includes('"session"'),
      'auth.session is not served',
    );
    if (path === '/') {
      const scripts = [
        ...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css|json))"/g),
      ].map(m => m[1]);
      assert.ok(scripts.length > 0);
      for (const s of scripts) {
        const body = await (await fetch(new URL(s, URL_))).text();
        assert.deepEqual(leaks(body), [], s);
      }
    }
  }
});

test('no secret in the bodies or headers of failing requests', async () => {
  const asBackend = {
    authorization: `Bearer ${TOKEN}`,
    'content-type': 'application/json',
  };
  const requests = [
    ['GET', '/api/catalog/entities', { authorization: 'Bearer not-a-token' }],
    [
      'GET',
      '/api/catalog/entities/by-name/component/default/does-not-exist',
      asBackend,
    ],
    [
      'POST',
      '/api/catalog/locations',
      asBackend,
      '{"type":"url","target":"http://127.0.0.1:1/nope.yaml"}',
    ],
    ['POST', '/api/catalog/locations', asBackend, '{not json'],
    [
      'GET',
      '/api/auth/oidc/refresh?env=production',
      { 'x-requested-with': 'XMLHttpRequest' },
    ],
    [
      'GET',
      '/api/auth/oidc/handler/frame?env=production&code=forged&state=forged',
      {},
    ],
    ['GET', '/api/auth/oidc/start?env=development', {}],
    [
      'GET',
      '/api/argocd/argoInstance/prod/applications/name/does-not-exist',
      asBackend,
    ],
    ['GET', '/api/argocd/argoInstance/nowhere/applications/name/x', asBackend],
    [
      'POST',
      '/api/scaffolder/v2/tasks',
      asBackend,
      '{"templateRef":"template:default/nope","values":{}}',
    ],
    ['POST', '/api/kubernetes/services/x', asBackend, '{}'],
    [
      'GET',
      '/api/kubernetes/proxy/api/v1/secrets',
      { ...asBackend, 'backstage-kubernetes-cluster': 'nowhere' },
    ],
    ['GET', '/api/datadog-apm/nope', asBackend],
    ['GET', '/api/security-findings/nope', asBackend],
    ['GET', '/api/platform-cost/nope', asBackend],
    ['GET', '/api/deployments/nope', asBackend],
    ['GET', '/api/permission/authorize', asBackend],
  ];
  let failing = 0;
  for (const [method, path, headers, body] of requests) {
    const res = await fetch(`${URL_}${path}`, {
      method,
      headers,
      body,
      redirect: 'manual',
    });
    if (res.status >= 300) failing++;
    const text = await res.text();
    const head = JSON.stringify([...res.headers]);
    assert.deepEqual(
      leaks(text + head),
      [],
      `${method} ${path} → ${res.status}`,
    );
  }
  assert.ok(failing >= 10, `most of these requests fail (${failing} did)`);
});

test('no secret in the CSV exports', async () => {
  const dir = process.env.PARITY_DOWNLOADS;
  const downloaded = existsSync(dir)
    ? files(dir).filter(f => f.endsWith('.csv'))
    : [];
  assert.ok(
    downloaded.length >= 3,
    `the browser downloaded the security and cost CSV exports (${downloaded.join(
      ', ',
    )})`,
  );
  for (const f of downloaded) {
    const text = readFileSync(f, 'utf8');
    assert.ok(text.split('\n').length > 1, `${f} has rows`);
    assert.deepEqual(leaks(text), [], f);
  }
  for (const path of [
    '/api/security-findings/dashboard/findings.csv',
    '/api/security-findings/dashboard/findings.csv?deployed=true',
  ]) {
    const res = await fetch(`${URL_}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.deepEqual(leaks(await res.text()), [], path);
  }
});

test('no secret in the backend log', () => {
  const log = readFileSync(process.env.PARITY_LOG, 'utf8');
  assert.ok(log.length > 0);
  assert.deepEqual(leaks(log), []);
});
