// `yarn bench`: every benchmark of Pier in one run, one table, appended to docs/benchmarks.md.
// Not part of CI (it takes 15–25 minutes and wants a quiet machine). See docs/benchmarks.md.
//
// 1. self-contained benches: platform-sim's (start/RSS/pagination), security-findings' dashboard counts;
// 2. the production bundle (scripts/bench/artifact.sh, as the image ships it) on platform-sim at
//    `--scale benchmark` (ports 9300…), app-config.sim.yaml with those ports, a fresh SQLite:
//    every plugin's bench (plugins/*/bench), then the load run (autocannon, 200 req/s for 60 s per
//    endpoint, as a lead signed in through the OIDC IdP), backend RSS before and after;
// 3. memory and start-up at demo scale, side by side with a vanilla Backstage backend of the same
//    release (scripts/bench/vanilla.sh): time-to-ready (3 alternating boots each) and RSS after a
//    walk through the pages.
//
// Environment: BENCH_PHASES (default "benches,load,actions,memory"), BENCH_LOAD_SECONDS (60), BENCH_RATE (200),
// BENCH_ARTIFACT (an unpacked bundle to reuse; default: build one), BENCH_VANILLA (/tmp/vanilla),
// BENCH_BOOTS (3), BENCH_OUT (test-results/bench), BENCH_BASELINE (a second unpacked bundle, e.g. of
// the commit before a change: the memory phase boots it too, alternating with the others, and
// reports it as "Pier (baseline)"), BENCH_DOC (where the table is appended; default
// docs/benchmarks.md, "-" for nowhere), BENCH_LOAD_ONLY (a regular expression: load only the endpoints
// whose label matches), BENCH_CPU_PROF (a directory: the benchmark-scale backend writes a V8 CPU
// profile there when it stops; the load log gives each endpoint's window in seconds since its start).
// BENCH_LOAD_ENCODINGS ("gzip,identity": each endpoint as a browser asks, compressed, and uncompressed),
// BENCH_SETTLE_SECONDS (10: the wait after the first scheduled runs, before the load).
// On a shared machine run it under a lock:
//   flock /tmp/pier-heavy.lock yarn bench
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signIn } from './signin.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const OUT = process.env.BENCH_OUT ?? path.join(ROOT, 'test-results/bench');
const PHASES = (
  process.env.BENCH_PHASES ?? 'benches,load,actions,memory'
).split(',');
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const BOOTS = Number(process.env.BENCH_BOOTS ?? 3);
const VANILLA = process.env.BENCH_VANILLA ?? '/tmp/vanilla';
const BASELINE = process.env.BENCH_BASELINE;
const LOAD_ONLY = process.env.BENCH_LOAD_ONLY
  ? new RegExp(process.env.BENCH_LOAD_ONLY, 'i')
  : undefined;
const CPU_PROF = process.env.BENCH_CPU_PROF;
const ENCODINGS = (process.env.BENCH_LOAD_ENCODINGS ?? 'gzip,identity').split(
  ',',
);
const TRANSFORM = execFileSync(
  'node',
  ['-p', 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs")'],
  {
    cwd: ROOT,
    encoding: 'utf8',
  },
).trim();
const CI_TOKEN = `bench-${Math.random().toString(36).slice(2)}${Math.random()
  .toString(36)
  .slice(2)}`;
const SERVICE = process.env.SERVICE ?? 'payments-api';
fs.mkdirSync(OUT, { recursive: true });

/** rows of the final table: [area, what, result] */
const rows = [];
const row = (area, what, result) => {
  rows.push([area, what, result]);
  console.log(`  ${area} | ${what} | ${result}`);
};
const sleep = ms => new Promise(r => setTimeout(r, ms));
const started = [];

// ---------- processes (each in its own group; stopped by group) ----------
function start(name, cmd, args, { cwd = ROOT, env = {} } = {}) {
  const log = path.join(OUT, `${name}.log`);
  const fd = fs.openSync(log, 'w');
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  fs.closeSync(fd);
  started.push(child);
  child.log = log;
  child.startedAt = performance.now();
  return child;
}
async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 50 && child.exitCode === null && !child.signalCode; i++)
    await sleep(200);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await Promise.all(started.map(stop));
    process.exit(130);
  });
}
async function waitForLine(child, line, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (fs.readFileSync(child.log, 'utf8').includes(line)) return;
    if (child.exitCode !== null)
      throw new Error(`${child.log}: exited before "${line}"`);
    await sleep(100);
  }
  throw new Error(`${child.log}: no "${line}" after ${timeoutMs / 1000} s`);
}
/** Time from spawn to the first 200 of the readiness probe, polled every 100 ms. */
async function waitReady(child, url, timeoutMs = 300_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null)
      throw new Error(`backend exited (log ${child.log})`);
    const ok = await fetch(`${url}/.backstage/health/v1/readiness`).then(
      r => r.ok,
      () => false,
    );
    if (ok) return (performance.now() - child.startedAt) / 1000;
    await sleep(100);
  }
  throw new Error(
    `backend not ready after ${timeoutMs / 1000} s (log ${child.log})`,
  );
}
function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = key =>
    Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
const mb = n => `${Math.round(n)} MB`;
function runBench(name, cmd, args, { cwd = ROOT, env = {} } = {}) {
  console.log(`==> ${name}`);
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 40 * 60_000,
  });
  fs.writeFileSync(
    path.join(OUT, `${name.replace(/[^\w.-]+/g, '_')}.out`),
    `${r.stdout}\n${r.stderr}`,
  );
  const lines = (r.stdout ?? '')
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean);
  for (const l of lines) row(name, '', l);
  if (r.status !== 0)
    row(
      name,
      'FAILED',
      `exit ${r.status}: ${(r.stderr ?? '')
        .trim()
        .split('\n')
        .slice(-3)
        .join(' / ')}`,
    );
  console.log(`    (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

// ---------- platform-sim and the two backends ----------
async function startSim(name, scale, portBase) {
  const sim = start(name, 'node', [
    '--require',
    TRANSFORM,
    'packages/platform-sim/src/cli.ts',
    '--scale',
    scale,
    '--port-base',
    String(portBase),
  ]);
  await waitForLine(sim, 'platform-sim ready', 300_000);
  return sim;
}
/** app-config.sim.yaml with platform-sim's 7300… block moved to `simBase`…, in the artifact. */
function simConfig(artifact, simBase) {
  const text = fs
    .readFileSync(path.join(ROOT, 'app-config.sim.yaml'), 'utf8')
    .replace(
      /127\.0\.0\.1:73(\d\d)/g,
      (_, n) => `127.0.0.1:${simBase + Number(n)}`,
    );
  const file = path.join(artifact, `app-config.bench-sim-${simBase}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}
function startPier(
  artifact,
  { port, simBase, name = `pier-${port}`, nodeArgs = [] },
) {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-data.'));
  const child = start(
    name,
    'node',
    [
      ...nodeArgs,
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      simConfig(artifact, simBase),
      '--config',
      'app-config.ci.yaml',
    ],
    {
      cwd: artifact,
      env: {
        NODE_ENV: 'production',
        PIER_PORT: String(port),
        PIER_GIT_PORT: String(simBase + 10),
        PIER_GIT_TOKEN: 'bench-git-token',
        PIER_DATA_DIR: data,
        PIER_REPO_ROOT: artifact,
        PIER_AUTH_SESSION_SECRET: 'pier-bench-session-secret',
        PIER_CI_TOKEN: CI_TOKEN,
      },
    },
  );
  child.url = `http://127.0.0.1:${port}`;
  child.data = data;
  return child;
}
function startVanilla({ port, simBase }) {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'vanilla-bench-data.'));
  const config = path.join(data, 'app-config.yaml');
  const sim = n => `http://127.0.0.1:${simBase + n}`;
  // create-app's app-config.yaml + app-config.production.yaml, on file SQLite, with the same
  // demo catalog, org and both clusters as Pier, guest sign-in and a static token for the walk.
  fs.writeFileSync(
    config,
    JSON.stringify({
      app: { baseUrl: `http://127.0.0.1:${port}` },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(data, 'sqlite') },
        },
        reading: { allow: [{ host: `127.0.0.1:${simBase}` }] },
        auth: {
          externalAccess: [
            { type: 'static', options: { token: CI_TOKEN, subject: 'bench' } },
          ],
        },
      },
      auth: {
        environment: 'development',
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
      techdocs: { builder: 'external', publisher: { type: 'local' } },
      catalog: {
        rules: [
          {
            allow: [
              'Component',
              'System',
              'API',
              'Resource',
              'Location',
              'Group',
              'User',
              'Domain',
              'Template',
            ],
          },
        ],
        locations: [
          { type: 'file', target: path.join(ROOT, 'catalog/org.yaml') },
          { type: 'url', target: `${sim(0)}/catalog/entities.yaml` },
        ],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: ['prod', 'nonprod'].map((name, i) => ({
              name,
              url: sim(1 + i),
              authProvider: 'serviceAccount',
              serviceAccountToken: 'pier-sim-kubernetes-token',
            })),
          },
        ],
      },
    }),
  );
  const child = start(
    `vanilla-${port}`,
    'node',
    ['packages/backend', '--config', config],
    {
      cwd: VANILLA,
      env: { NODE_ENV: 'production' },
    },
  );
  child.url = `http://127.0.0.1:${port}`;
  child.data = data;
  return child;
}

// ---------- the walk through the pages (demo scale) ----------
async function get(url, token, init = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });
  await res.arrayBuffer();
  return res.status;
}
async function walk(base, token, pier) {
  const statuses = {};
  const hit = async (p, init) => {
    const s = await get(`${base}${p}`, token, init);
    statuses[s] = (statuses[s] ?? 0) + 1;
  };
  await hit('/');
  const html = await (await fetch(`${base}/`)).text();
  for (const m of html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g))
    await hit(m[1]);
  const components = await (
    await fetch(
      `${base}/api/catalog/entities/by-query?filter=kind=component&limit=500`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    )
  ).json();
  await hit('/api/catalog/entities/by-query?filter=kind=user&limit=500');
  await hit('/api/catalog/entities/by-query?filter=kind=group&limit=500');
  await hit('/api/search/query?term=pay');
  for (const e of components.items ?? []) {
    const ref = `component:${e.metadata.namespace ?? 'default'}/${
      e.metadata.name
    }`;
    const q = `entityRef=${encodeURIComponent(ref)}`;
    await hit(
      `/api/catalog/entities/by-name/component/${
        e.metadata.namespace ?? 'default'
      }/${e.metadata.name}`,
    );
    await hit(
      `/api/catalog/entities/by-query?filter=relations.ownedBy=${encodeURIComponent(
        ref,
      )}`,
    );
    await hit(`/api/kubernetes/services/${e.metadata.name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entity: e }),
    });
    if (pier) {
      await hit(`/api/deployments/board?${q}`);
      await hit(`/api/datadog-apm/entity?${q}&range=24h`);
      await hit(`/api/security-findings/entity?${q}`);
      await hit(`/api/platform-cost/entity?${q}`);
    }
  }
  if (pier) {
    for (const p of [
      '/api/deployments/board',
      '/api/security-findings/dashboard',
      '/api/security-findings/compliance',
      '/api/platform-cost/dashboard?cluster=all&days=30',
      '/api/platform-cost/dashboard?cluster=prod&days=90',
    ])
      await hit(p);
  }
  return { statuses, components: components.items?.length ?? 0 };
}

// ---------- phases ----------
function artifactDir() {
  if (process.env.BENCH_ARTIFACT) return process.env.BENCH_ARTIFACT;
  const dir = path.join(os.tmpdir(), 'pier-bench-artifact');
  console.log(`==> production bundle (yarn build:backend, unpacked in ${dir})`);
  const r = spawnSync('bash', ['scripts/bench/artifact.sh', dir], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('scripts/bench/artifact.sh failed');
  return dir;
}

async function benchesAndLoad(artifact) {
  if (PHASES.includes('benches')) {
    runBench(
      'platform-sim bench',
      'node',
      ['--require', TRANSFORM, 'bench/bench.ts'],
      { cwd: path.join(ROOT, 'packages/platform-sim') },
    );
    runBench(
      'security-findings dashboardCounts',
      'node',
      ['--require', TRANSFORM, 'bench/dashboardCounts.ts', 'benchmark'],
      {
        cwd: path.join(ROOT, 'plugins/security-findings-backend'),
      },
    );
  }
  console.log(
    '==> platform-sim --scale benchmark, the production bundle on it',
  );
  const sim = await startSim('platform-sim-benchmark', 'benchmark', 9300);
  const pier = startPier(artifact, {
    port: 9107,
    simBase: 9300,
    nodeArgs: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [],
  });
  try {
    const ready = await waitReady(pier, pier.url);
    row(
      'boot (benchmark scale)',
      'production bundle, time to ready',
      `${ready.toFixed(1)} s, RSS ${mb(rssMb(pier.pid).rss)}`,
    );
    const env = {
      PIER_URL: pier.url,
      PIER_CI_TOKEN: CI_TOKEN,
      PIER_BACKEND_LOG: pier.log,
      STEADY: '0',
    };
    if (PHASES.includes('benches')) {
      // First: its first scheduled run (15 s after start, on the empty database) is the backfill it times.
      runBench(
        'platform-cost dashboard',
        'node',
        ['plugins/platform-cost-backend/bench/dashboard.mjs'],
        { env },
      );
      runBench(
        'security-findings api',
        'node',
        ['plugins/security-findings-backend/bench/api.mjs'],
        { env },
      );
      runBench(
        'datadog-apm card',
        'node',
        ['plugins/datadog-apm-backend/bench/card.mjs'],
        { env },
      );
      runBench(
        'deployments board',
        'node',
        ['plugins/deployments-backend/bench/board.mjs'],
        { env },
      );
      runBench(
        'service overview api',
        'node',
        ['plugins/service-overview-backend/bench/overview.mjs'],
        { env },
      );
      runBench('navigation', 'node', ['scripts/bench/navigation.mjs'], {
        env: { ...env, SERVICE },
      });
    }
    if (PHASES.includes('load') || PHASES.includes('actions')) {
      // The first scheduled runs at benchmark scale (the cost backfill, 80 k findings twice while
      // the catalog still grows) take minutes of CPU and disk: load the steady state after them.
      console.log(
        '==> waiting for the first cost snapshot and findings ingestion',
      );
      await waitForLine(pier, 'platform-cost snapshot in ', 30 * 60_000);
      await waitForLine(
        pier,
        'security-findings ingestion finished',
        30 * 60_000,
      );
      await sleep(Number(process.env.BENCH_SETTLE_SECONDS ?? 10) * 1000);
    }
    if (PHASES.includes('load')) await load(pier);
    if (PHASES.includes('actions')) await actions(pier);
  } finally {
    await stop(pier);
    await stop(sim);
  }
}

async function load(pier) {
  const { default: autocannon } = await import('autocannon');
  const token = await signIn(pier.url, 'grace.lee');
  const q = `entityRef=${encodeURIComponent(`component:default/${SERVICE}`)}`;
  const targets = [
    [`service page: deployments (${SERVICE})`, `/api/deployments/board?${q}`],
    [
      `service page: datadog-apm (${SERVICE})`,
      `/api/datadog-apm/entity?${q}&range=24h`,
    ],
    [
      `service page: security-findings (${SERVICE})`,
      `/api/security-findings/entity?${q}`,
    ],
    [
      `service page: platform-cost (${SERVICE})`,
      `/api/platform-cost/entity?${q}`,
    ],
    [
      `service page: service-overview (${SERVICE})`,
      `/api/service-overview/entity?${q}`,
    ],
    ['deployments board', '/api/deployments/board'],
    ['security dashboard', '/api/security-findings/dashboard'],
    ['cost dashboard', '/api/platform-cost/dashboard?cluster=all&days=30'],
  ];
  // A browser asks for gzip (the backend compresses); a script may not (identity).
  const runs = targets.flatMap(([what, p]) =>
    ENCODINGS.map(encoding => [
      encoding === 'gzip' ? what : `${what}, ${encoding}`,
      p,
      encoding === 'gzip' ? 'gzip, deflate, br' : encoding,
    ]),
  );
  for (const [what, p, encoding] of runs) {
    if (LOAD_ONLY && !LOAD_ONLY.test(what)) continue;
    // One warm-up request (fills the caches as a first viewer would), then the run.
    const warm = await get(`${pier.url}${p}`, token);
    const since = ((performance.now() - pier.startedAt) / 1000).toFixed(0);
    const before = rssMb(pier.pid).rss;
    const times = [];
    const statuses = {};
    const result = await new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${pier.url}${p}`,
          headers: {
            authorization: `Bearer ${token}`,
            // what a browser sends: the backend compresses as it would for the page
            'accept-encoding': encoding,
          },
          overallRate: RATE,
          connections: 100,
          duration: LOAD_SECONDS,
          timeout: 10,
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      instance.on('response', (_client, status, _bytes, ms) => {
        times.push(ms);
        statuses[status] = (statuses[status] ?? 0) + 1;
      });
    });
    times.sort((a, b) => a - b);
    const pct = x =>
      times.length
        ? times[
            Math.min(times.length - 1, Math.floor(x * times.length))
          ].toFixed(0)
        : '-';
    const ok = statuses[200] ?? 0;
    const errors = result.errors + result.timeouts + (result.non2xx ?? 0);
    const after = rssMb(pier.pid).rss;
    console.log(
      `    (${what}: ${since}–${(
        (performance.now() - pier.startedAt) /
        1000
      ).toFixed(0)} s after the backend's start)`,
    );
    row(
      `load ${RATE}/s × ${LOAD_SECONDS} s`,
      `${what} — GET ${p.split('?')[0]}`,
      `${(result.requests.total / LOAD_SECONDS).toFixed(
        0,
      )} req/s done, ${ok} ok, ${errors} errors${
        warm !== 200 ? ` (warm-up ${warm})` : ''
      }; p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, p99 ${pct(0.99)} ms; RSS ${mb(
        before,
      )} → ${mb(after)}`,
    );
  }
}

/** Each action an assistant calls (issue 21), as a lead: 50 sequential calls after one warm-up. */
async function actions(pier) {
  const token = await signIn(pier.url, 'grace.lee');
  const calls = [
    ['service-overview', 'get-service-status', { service: SERVICE }],
    ['service-overview', 'explain-service-failure', { service: SERVICE }],
    [
      'security-findings',
      'list-deployed-vulnerabilities',
      { service: SERVICE },
    ],
    ['security-findings', 'list-deployed-vulnerabilities', { limit: 20 }],
    ['platform-cost', 'get-service-cost', { service: SERVICE }],
    ['platform-cost', 'get-team-cost', { team: 'team-payments' }],
    ['deployments', 'what-needs-review', { limit: 15 }],
  ];
  for (const [plugin, name, input] of calls) {
    const url = `${pier.url}/api/${plugin}/.backstage/actions/v1/actions/${plugin}:${name}/invoke`;
    const call = async () => {
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(input),
      });
      const text = await res.text();
      return {
        ms: performance.now() - t0,
        status: res.status,
        bytes: text.length,
      };
    };
    const first = await call();
    const times = [];
    let last = first;
    for (let i = 0; i < 50; i++) {
      last = await call();
      times.push(last.ms);
    }
    times.sort((a, b) => a - b);
    const pct = q =>
      times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(
        0,
      );
    row(
      'action (as a lead)',
      `${plugin}.${name} ${JSON.stringify(input)}`,
      `${
        last.status === 200 ? '' : `HTTP ${last.status}; `
      }first ${first.ms.toFixed(0)} ms; p50 ${pct(0.5)} ms, p95 ${pct(
        0.95,
      )} ms (50 sequential); answer ${last.bytes} bytes`,
    );
  }
}

async function memory(artifact) {
  if (!fs.existsSync(path.join(VANILLA, '.ready'))) {
    console.log(
      `==> vanilla Backstage backend in ${VANILLA} (scripts/bench/vanilla.sh)`,
    );
    const r = spawnSync('bash', ['scripts/bench/vanilla.sh', VANILLA], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('scripts/bench/vanilla.sh failed');
  }
  console.log(
    '==> memory and start-up at demo scale: Pier vs vanilla Backstage',
  );
  const sim = await startSim('platform-sim-demo', 'default', 9320);
  const variants = {
    pier: () => startPier(artifact, { port: 9108, simBase: 9320 }),
    ...(BASELINE && {
      baseline: () =>
        startPier(BASELINE, { port: 9109, simBase: 9320, name: 'baseline' }),
    }),
    vanilla: () => startVanilla({ port: 9208, simBase: 9320 }),
  };
  const result = Object.fromEntries(
    Object.keys(variants).map(name => [name, { boots: [] }]),
  );
  try {
    for (let i = 0; i < BOOTS; i++) {
      for (const [name, make] of Object.entries(variants)) {
        const child = make();
        const s = await waitReady(child, child.url);
        result[name].boots.push(s);
        console.log(
          `  ${name} boot ${i + 1}: ${s.toFixed(1)} s, RSS ${mb(
            rssMb(child.pid).rss,
          )}`,
        );
        if (i < BOOTS - 1) {
          await stop(child);
          continue;
        }
        // The last boot: let start-up tasks settle (first ingestion, catalog processing), walk twice.
        result[name].ready = rssMb(child.pid).rss;
        await sleep(45_000);
        const isPier = name !== 'vanilla';
        const token = isPier
          ? await signIn(child.url, 'grace.lee')
          : await guestToken(child.url);
        await walk(child.url, token, isPier);
        const w = await walk(child.url, token, isPier);
        await sleep(5_000);
        Object.assign(result[name], rssMb(child.pid), { walk: w });
        await stop(child);
      }
    }
  } finally {
    await stop(sim);
  }
  const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const v = result.vanilla;
  for (const r of Object.values(result)) r.boot = median(r.boots);
  const labels = { pier: 'Pier', baseline: 'Pier (baseline)' };
  /** "Pier 7.1 s, [Pier (baseline) 8.0 s, ]vanilla 5.8 s: 1.22×[ (baseline 1.38×)]" */
  const compare = (key, fmt) => {
    const pier = Object.keys(labels).filter(k => result[k]);
    const values = pier.map(k => `${labels[k]} ${fmt(result[k][key])}`);
    const ratio = k => `${(result[k][key] / v[key]).toFixed(2)}×`;
    return `${values.join(', ')}, vanilla ${fmt(v[key])}: ${ratio('pier')}${
      result.baseline ? ` (baseline ${ratio('baseline')})` : ''
    }`;
  };
  const walked = r =>
    `${r.walk.components} components, ${Object.entries(r.walk.statuses)
      .map(([s, n]) => `${n}×${s}`)
      .join(' ')}`;
  const seconds = s => `${s.toFixed(1)} s`;
  row(
    'start-up (demo scale)',
    `time to ready, median of ${BOOTS} (fresh SQLite)`,
    compare('boot', seconds),
  );
  row('memory (demo scale)', 'RSS when ready', compare('ready', mb));
  row(
    'memory (demo scale)',
    'RSS after the walk through the pages',
    compare('rss', mb),
  );
  row('memory (demo scale)', 'peak RSS (VmHWM)', compare('peak', mb));
  row(
    'memory (demo scale)',
    'the walk',
    `Pier: ${walked(result.pier)}; vanilla: ${walked(v)}`,
  );
}
async function guestToken(url) {
  const res = await fetch(`${url}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) return CI_TOKEN;
  return (await res.json()).backstageIdentity.token;
}

// ---------- the table ----------
function report(startedAt) {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const dirty = execFileSync(
    'git',
    ['status', '--porcelain', '--untracked-files=no'],
    { cwd: ROOT, encoding: 'utf8' },
  ).trim()
    ? ' (+ local changes)'
    : '';
  const machine = `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${(
    os.totalmem() /
    2 ** 30
  ).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`;
  const esc = s => String(s).replace(/\|/g, '\\|');
  const table = [
    '| area | what | result |',
    '| --- | --- | --- |',
    ...rows.map(r => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
  const section = `\n## ${startedAt
    .toISOString()
    .slice(0, 16)
    .replace(
      'T',
      ' ',
    )} UTC — commit ${commit}${dirty}\n\nMachine: ${machine}. Phases: ${PHASES.join(
    ', ',
  )}; load ${RATE} req/s × ${LOAD_SECONDS} s per endpoint; ${(
    (Date.now() - startedAt) /
    60_000
  ).toFixed(0)} min.\n\n${table}\n`;
  console.log(section);
  if (process.env.BENCH_DOC === '-') return;
  const doc = path.resolve(ROOT, process.env.BENCH_DOC ?? 'docs/benchmarks.md');
  if (!fs.existsSync(doc))
    fs.writeFileSync(
      doc,
      '# Benchmarks\n\nWritten by `yarn bench` (scripts/bench/run.mjs); newest last.\n',
    );
  fs.appendFileSync(doc, section);
  console.log(`appended to ${path.relative(ROOT, doc)}`);
}

const startedAt = new Date();
try {
  const artifact = artifactDir();
  if (['benches', 'load', 'actions'].some(p => PHASES.includes(p)))
    await benchesAndLoad(artifact);
  if (PHASES.includes('memory')) await memory(artifact);
} catch (e) {
  row('bench', 'FAILED', e.message);
  process.exitCode = 1;
} finally {
  await Promise.all(started.map(stop));
  report(startedAt);
}
