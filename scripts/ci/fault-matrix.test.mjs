// The fault matrix (issue 16, item 1): every upstream × {5xx, 429 with Retry-After, hang past the
// timeout, malformed body, connection reset, 200 `{}`, 200 with 90 % dropped}, against one running
// Pier backend (scripts/start.sh from sources, app-config.sim.yaml + the CI files + an overlay
// written here with refresh periods and timeouts of seconds). Per cell: platform-sim's fault is set;
// the affected card (its API) must say what is wrong, naming the source, and since when, and keep
// the last good data; every plugin's API answers 200 with data; the backend logs no unhandled
// rejection; its RSS stays bounded; the fault is removed and the card recovers. One test per cell.
// Writes test-results/fault-matrix.md (and .json) every run; docs/fault-matrix.md only with
// FAULT_MATRIX_WRITE_DOCS=1.
//
//   node --test --test-reporter=tap scripts/ci/fault-matrix.test.mjs
//
//   FAULT_MATRIX_PORT      backend port (default 7114; port+1000 for its git host)
//   FAULT_MATRIX_SIM_BASE  platform-sim's first port (default 7300, as scripts/test.sh starts it)
//   FAULT_MATRIX_OUT       logs, overlay, results (default test-results/fault-matrix)
//   FAULT_MATRIX_ONLY      run only the cells whose "upstream fault" matches this regular expression
//   PIER_CI_TOKEN          the static token app-config.ci.yaml accepts (required)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAULTS, pluginChecks, upstreams } from './fault-matrix/probes.mjs';
import { renderMatrix } from './fault-matrix/table.mjs';
import { KNOWN_GAPS } from './fault-matrix/known-gaps.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const PORT = Number(process.env.FAULT_MATRIX_PORT ?? 7114);
const SIM = Number(process.env.FAULT_MATRIX_SIM_BASE ?? 7300);
const OUT =
  process.env.FAULT_MATRIX_OUT ?? path.join(ROOT, 'test-results/fault-matrix');
const TOKEN = process.env.PIER_CI_TOKEN;
const ONLY = process.env.FAULT_MATRIX_ONLY
  ? new RegExp(process.env.FAULT_MATRIX_ONLY)
  : undefined;
/** RSS growth within a cell that counts as unbounded. */
const RSS_BOUND_MB = 256;
const BASE = `http://127.0.0.1:${PORT}`;
const sleep = ms => new Promise(r => setTimeout(r, ms));

fs.mkdirSync(OUT, { recursive: true });
const LOG = path.join(OUT, 'backend.log');
const DATA = fs.mkdtempSync('/tmp/pier-fault-matrix.');

/** Test-only settings: every source is read every second or two, and gives up after 1.5 s. */
function overlay() {
  const sim = n => `http://127.0.0.1:${SIM + n}`;
  // A failed security run (the SDK retries a 5xx three times) lasts ~3 s: the period leaves a
  // gap after it in which the dashboard shows it finished; a hung run is aborted at 4 s.
  const schedule = s => ({
    frequencyMinutes: s / 60,
    timeoutMinutes: 4 / 60,
    initialDelaySeconds: 1,
  });
  const config = {
    deployments: { refreshSeconds: 1, requestTimeoutMs: 1500 },
    datadog: { requestTimeoutMs: 1500, apm: { cacheSeconds: 1 } },
    securityFindings: {
      schedule: schedule(5),
      requestTimeoutMs: 1500,
      maxThrottleRetries: 1,
      maxRetryAfterSeconds: 2,
    },
    platformCost: {
      // Cost Explorer's SDK client tries 3 times (1.5 s each when hung) per cluster: a run that
      // reads both clusters' spot rates needs more than the 4 s the other tasks get.
      schedule: { ...schedule(2), timeoutMinutes: 15 / 60 },
      requestTimeoutMs: 1500,
      retentionDays: 7,
    },
  };
  if (SIM === 7300) return config;
  // Another port block (a developer's run beside CI's): every simulated URL moves with it.
  const cluster = (name, n) => ({
    name,
    title: name,
    url: sim(n),
    authProvider: 'serviceAccount',
    serviceAccountToken: 'pier-sim-kubernetes-token',
  });
  const instance = (name, n) => ({
    name,
    url: sim(n),
    token: 'pier-sim-argocd-token',
  });
  return {
    ...config,
    backend: {
      reading: {
        allow: [
          { host: `127.0.0.1:${SIM}` },
          { host: `127.0.0.1:${PORT + 1000}` },
        ],
      },
    },
    catalog: {
      locations: [
        {
          type: 'file',
          target: `${ROOT}/catalog-info.yaml`,
          rules: [
            {
              allow: [
                'Component',
                'System',
                'Domain',
                'API',
                'Resource',
                'Location',
                'Group',
                'User',
                'Template',
              ],
            },
          ],
        },
        { type: 'url', target: `${sim(0)}/catalog/entities.yaml` },
      ],
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [cluster('prod', 1), cluster('nonprod', 2)],
        },
      ],
    },
    argocd: {
      appLocatorMethods: [
        {
          type: 'config',
          instances: [instance('prod', 3), instance('nonprod', 4)],
        },
      ],
    },
    datadog: {
      ...config.datadog,
      baseUrl: sim(5),
      apm: { ...config.datadog.apm, publicBaseUrl: sim(5) },
    },
    securityFindings: {
      ...config.securityFindings,
      endpoints: { securityHub: sim(6), inspector2: sim(7) },
    },
    platformCost: {
      ...config.platformCost,
      costExplorer: { accountId: '123456789012', endpoint: sim(8) },
      opencost: { baseUrls: { prod: sim(9), nonprod: sim(9) } },
    },
  };
}

let backend;
function startBackend() {
  const file = path.join(OUT, 'app-config.fault-matrix.yaml');
  fs.writeFileSync(file, JSON.stringify(overlay(), null, 2)); // JSON is YAML
  const out = fs.openSync(LOG, 'w');
  backend = spawn('bash', ['scripts/start.sh'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      PIER_PORT: String(PORT),
      PIER_GIT_PORT: String(PORT + 1000),
      PIER_DATA_DIR: DATA,
      PIER_NO_BUILD: '1',
      PIER_SIM: '0',
      PIER_SIM_OIDC_METADATA_URL: `http://127.0.0.1:${
        SIM + 11
      }/.well-known/openid-configuration`,
      PIER_CONFIG: [
        path.join(ROOT, 'scripts/ci/app-config.ci.yaml'),
        file,
      ].join(' '),
    },
  });
}
const readLog = () => {
  try {
    return fs.readFileSync(LOG, 'utf8');
  } catch {
    return '';
  }
};

/** The backend's RSS in MB: the largest node process of its process group. */
function rssMb() {
  try {
    const rows = execFileSync(
      'ps',
      ['-o', 'rss=,comm=', '-g', String(backend.pid)],
      {
        encoding: 'utf8',
      },
    );
    const kb = rows
      .split('\n')
      .filter(l => /node/.test(l))
      .map(l => Number(l.trim().split(/\s+/)[0]));
    return Math.round(Math.max(...kb) / 1024);
  } catch {
    return undefined;
  }
}

const api = {
  async json(p) {
    const res = await fetch(`${BASE}${p}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status !== 200)
      throw new Error(
        `GET ${p}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`,
      );
    return res.json();
  },
};

/** Sets faults (a list of {upstream, ...spec}), or clears one upstream's (`null`, id), or all. */
async function fault(body, upstream) {
  const query = upstream ? `?upstream=${encodeURIComponent(upstream)}` : '';
  const res = await fetch(`http://127.0.0.1:${SIM}/admin/faults${query}`, {
    method: body ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.equal(res.status, 200, `platform-sim faults: ${await res.text()}`);
}

/** Polls `fn` until it returns a truthy value; resolves with it, or undefined at the deadline. */
async function poll(fn, timeoutMs, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) return undefined;
    await sleep(everyMs);
  }
}

let datadogEntityRef;
const ctx = { datadogEntity: () => datadogEntityRef };
const UPSTREAMS = upstreams(ctx);
const CHECKS = pluginChecks(ctx);
const cells = [];
const startedAt = new Date().toISOString();
const t0 = Date.now();
let baselineRssMb;

async function othersAnswer() {
  const bad = [];
  for (const [plugin, check] of Object.entries(CHECKS)) {
    try {
      if (!(await check(api))) bad.push(`${plugin}: 200 without data`);
    } catch (e) {
      bad.push(`${plugin}: ${e.message}`);
    }
  }
  return bad;
}

/** One cell: fault on, the card speaks and keeps its data, others answer, fault off, recovery. */
async function runCell(u, f) {
  const cell = { upstream: u.id, fault: f.label, failures: [] };
  const fail = why => cell.failures.push(why);
  const logFrom = readLog().length;
  const good = await u.read(api, 0);
  cell.rssBeforeMb = rssMb();
  const on = Date.now();
  await fault([{ upstream: u.id, ...f.spec }]);
  const seen = await poll(async () => {
    const r = await u.read(api, on);
    return r.problem && r.settled !== false && r;
  }, u.settleMs);
  cell.rssAfterMb = rssMb();
  const others = await othersAnswer();
  await fault(null, u.id); // only this lane's: the other lane's cell may be running
  if (seen) {
    cell.detectMs = Date.now() - on;
    cell.message = seen.problem;
    cell.since = seen.since;
    if (!u.names.test(seen.problem))
      fail(`the message does not name the source (${u.names})`);
    if (!seen.since) fail('no since when');
    cell.lastGoodKept = seen.data > 0 && seen.data >= good.data * 0.5;
    if (!cell.lastGoodKept)
      fail(`last good data not kept: ${seen.data} shown, had ${good.data}`);
  } else {
    fail(`the card said nothing within ${u.settleMs / 1000} s`);
    const now = await u.read(api, on).catch(() => ({ data: 0 }));
    cell.lastGoodKept = now.data > 0 && now.data >= good.data * 0.5;
    if (!cell.lastGoodKept)
      fail(`data not kept: ${now.data} shown, had ${good.data}`);
  }
  cell.othersOk = others.length === 0;
  if (others.length) fail(`other APIs: ${others.join('; ')}`);
  if (cell.rssAfterMb - cell.rssBeforeMb > RSS_BOUND_MB)
    fail(`RSS grew ${cell.rssAfterMb - cell.rssBeforeMb} MB`);
  const off = Date.now();
  const back = await poll(async () => {
    const r = await u.read(api, off);
    return !r.problem && r.settled !== false && r.data >= good.data * 0.9 && r;
  }, u.settleMs + 8_000);
  if (!back) fail('did not recover after the fault was removed');
  else if (seen) cell.recoverMs = Date.now() - off;
  const unhandled = readLog()
    .slice(logFrom)
    .split('\n')
    .filter(l => /unhandled/i.test(l));
  if (unhandled.length) fail(`unhandled: ${unhandled[0].slice(0, 300)}`);
  cell.ok = cell.failures.length === 0;
  return cell;
}

before(async () => {
  assert.ok(TOKEN, 'PIER_CI_TOKEN must be set (app-config.ci.yaml)');
  await fault(null);
  startBackend();
  const ready = await poll(
    () => readLog().includes('Pier is ready'),
    240_000,
    500,
  );
  assert.ok(ready, `the backend did not become ready; log ${LOG}`);
  datadogEntityRef = await poll(
    async () => {
      const r = await api.json(
        `/api/catalog/entities/by-query?limit=1&filter=${encodeURIComponent(
          'metadata.annotations.datadoghq.com/service-name',
        )}`,
      );
      const e = r.items[0];
      return (
        e &&
        `${e.kind}:${e.metadata.namespace ?? 'default'}/${
          e.metadata.name
        }`.toLowerCase()
      );
    },
    120_000,
    1000,
  );
  assert.ok(
    datadogEntityRef,
    'no catalog entity with datadoghq.com/service-name',
  );
  // Every card has its first good data before any fault.
  let lastMissing;
  const allGood = await poll(
    async () => {
      const bad = await othersAnswer();
      for (const u of UPSTREAMS) {
        const r = await u.read(api, 0).catch(e => ({ problem: e.message }));
        if (r.problem || !(r.data > 0))
          bad.push(`${u.id}: ${r.problem ?? 'no data'}`);
      }
      lastMissing = bad;
      return bad.length === 0;
    },
    180_000,
    1000,
  );
  assert.ok(
    allGood,
    `not every card had data before the faults: ${JSON.stringify(lastMissing)}`,
  );
  baselineRssMb = rssMb();
  startLanes();
});

after(async () => {
  await fault(null).catch(() => {});
  if (backend && backend.exitCode === null) {
    try {
      process.kill(-backend.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 40 && backend.exitCode === null; i++) await sleep(250);
    try {
      process.kill(-backend.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  fs.rmSync(DATA, { recursive: true, force: true });
  if (!cells.length) return;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    /* not a checkout */
  }
  const md = renderMatrix({
    cells,
    commit,
    startedAt,
    wallS: Math.round((Date.now() - t0) / 1000),
    baselineRssMb,
  });
  fs.writeFileSync(path.join(OUT, '..', 'fault-matrix.md'), md);
  fs.writeFileSync(
    path.join(OUT, 'cells.json'),
    `${JSON.stringify(cells, null, 2)}\n`,
  );
  if (process.env.FAULT_MATRIX_WRITE_DOCS === '1') {
    const docs = path.join(ROOT, 'docs/fault-matrix.md');
    fs.writeFileSync(docs, md);
    // Committed as the repository formats Markdown (aligned table columns).
    execFileSync(path.join(ROOT, 'node_modules/.bin/prettier'), [
      '--write',
      docs,
    ]);
  }
  console.log(`# fault matrix: ${path.join(OUT, '..', 'fault-matrix.md')}`);
});

// The cells, in table order; each lane runs its cells one after the other, the lanes side by side
// (started once the backend is ready); each test waits for its cell.
const planned = UPSTREAMS.flatMap(u =>
  FAULTS.map(f => ({ u, f, name: `${u.id} ${f.id}` })),
).filter(c => !ONLY || ONLY.test(c.name));
for (const c of planned) {
  c.result = new Promise((resolve, reject) =>
    Object.assign(c, { resolve, reject }),
  );
  c.result.catch(() => {}); // awaited by its test
}
function startLanes() {
  const lanes = [...new Set(planned.map(c => c.u.lane))];
  for (const lane of lanes) {
    (async () => {
      for (const c of planned.filter(x => x.u.lane === lane)) {
        try {
          c.resolve(await runCell(c.u, c.f));
        } catch (e) {
          c.reject(e);
        }
      }
    })();
  }
}

for (const c of planned) {
  test(`${c.u.id} × ${c.f.label}: ${c.u.card} says what and since when, keeps its data, recovers`, async () => {
    const cell = await c.result;
    cell.knownGap = KNOWN_GAPS[c.name];
    cells.push(cell);
    // A known gap may fail to speak (see known-gaps.mjs), never anything else.
    const failures = cell.knownGap
      ? cell.failures.filter(
          f => !/^the card said nothing|^no since when/.test(f),
        )
      : cell.failures;
    assert.deepEqual(failures, []);
  });
}
