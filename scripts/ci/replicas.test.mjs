// Two replicas on one PostgreSQL and one Valkey-protocol cache (issue 16, item 3), as production
// runs them behind one Service: both start at once on a fresh database set, both serve; each
// scheduled task runs once per period across them; a replica killed (SIGKILL) in the middle of a
// security-findings ingestion and a platform-cost backfill loses and duplicates nothing, and the
// next run completes.
//
//   node --test --test-reporter=tap scripts/ci/replicas.test.mjs
//
// Expects PostgreSQL, the cache and platform-sim (7300…, its admin API for faults) to be running,
// as scripts/test.sh starts them. Each replica is scripts/start.sh (the production build of the
// app, app-config.yaml + app-config.sim.yaml + the CI files) with a config written here: a fresh
// database prefix, the shared cache, and task periods of seconds instead of an hour.
//
//   REPLICAS_PORTS      two backend ports (default "7112 7113"; each also uses port+1000 for git)
//   REPLICAS_PG_PORT    PostgreSQL (default 54329, user postgres, trust)
//   REPLICAS_CACHE_URL  the cache (default redis://127.0.0.1:63799)
//   REPLICAS_SIM_ADMIN  platform-sim's admin API (default http://127.0.0.1:7300)
//   REPLICAS_OUT        logs and counts.json (default test-results/replicas)
//   PIER_CI_TOKEN       the static token app-config.ci.yaml accepts (required)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const require = createRequire(import.meta.url);
const { Client } = require('pg');

const PORTS = (process.env.REPLICAS_PORTS ?? '7112 7113')
  .split(/\s+/)
  .map(Number);
const PG_PORT = Number(process.env.REPLICAS_PG_PORT ?? 54329);
const CACHE_URL = process.env.REPLICAS_CACHE_URL ?? 'redis://127.0.0.1:63799';
const SIM_ADMIN = process.env.REPLICAS_SIM_ADMIN ?? 'http://127.0.0.1:7300';
const OUT =
  process.env.REPLICAS_OUT ?? path.join(ROOT, 'test-results/replicas');
const TOKEN = process.env.PIER_CI_TOKEN;

/** Task period and timeout, in seconds: short, so a few periods fit in a CI run. */
const PERIOD_S = 4;
const TIMEOUT_S = 10;
/** How long both replicas run side by side while the runs are counted. */
const COUNT_WINDOW_S = 24;
/** Days the cost backfill reads (one OpenCost request per day and cluster). */
const BACKFILL_DAYS = 30;

const PREFIX = `pier_replicas_${process.pid}_`;
const db = pluginId => `${PREFIX}${pluginId}`;
const sleep = ms => new Promise(r => setTimeout(r, ms));

fs.mkdirSync(OUT, { recursive: true });
const configFile = path.join(OUT, 'app-config.replicas.yaml');
const schedule = initialDelaySeconds => ({
  frequencyMinutes: PERIOD_S / 60,
  timeoutMinutes: TIMEOUT_S / 60,
  initialDelaySeconds,
});
// JSON is YAML: one file for both replicas; replica B's first runs wait (per-replica override).
fs.writeFileSync(
  configFile,
  JSON.stringify(
    {
      backend: {
        database: {
          client: 'pg',
          prefix: PREFIX,
          connection: {
            host: '127.0.0.1',
            port: PG_PORT,
            user: 'postgres',
            password: 'postgres',
          },
        },
        cache: { store: 'valkey', connection: CACHE_URL },
      },
      securityFindings: { schedule: schedule(1) },
      platformCost: { retentionDays: BACKFILL_DAYS, schedule: schedule(1) },
    },
    null,
    2,
  ),
);

/** A replica: scripts/start.sh in its own process group, so SIGKILL takes the whole pod. */
class Replica {
  constructor(name, port, env = {}) {
    Object.assign(this, { name, port, env, starts: 0 });
    this.data = fs.mkdtempSync(`/tmp/pier-replica-${name}.`);
  }
  get log() {
    return path.join(OUT, `replica-${this.name}-${this.starts}.log`);
  }
  start() {
    this.starts++;
    const out = fs.openSync(this.log, 'w');
    this.child = spawn('bash', ['scripts/start.sh'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        PIER_PORT: String(this.port),
        PIER_GIT_PORT: String(this.port + 1000),
        PIER_DATA_DIR: this.data,
        PIER_NO_BUILD: '1',
        PIER_SIM: '0',
        PIER_CONFIG: [
          path.join(ROOT, 'scripts/ci/app-config.ci.yaml'),
          configFile,
        ].join(' '),
        ...this.env,
      },
    });
    this.startedAt = Date.now();
    return this;
  }
  async ready(timeoutMs = 180_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (read(this.log).includes('Pier is ready')) {
        this.readyAt = Date.now();
        return;
      }
      if (this.child.exitCode !== null) break;
      await sleep(250);
    }
    throw new Error(
      `${this.name} did not become ready; log ${this.log}:\n${read(
        this.log,
      ).slice(-3000)}`,
    );
  }
  kill(signal = 'SIGKILL') {
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      /* already gone */
    }
  }
  async stop() {
    if (!this.child || this.child.exitCode !== null) return;
    this.kill('SIGTERM');
    for (let i = 0; i < 40 && this.child.exitCode === null; i++)
      await sleep(250);
    this.kill('SIGKILL');
  }
  /** Every start's log, with the replica's name on each parsed line. */
  lines() {
    const out = [];
    for (let s = 1; s <= this.starts; s++) {
      for (const line of read(
        path.join(OUT, `replica-${this.name}-${s}.log`),
      ).split('\n')) {
        const json = line.indexOf('{');
        if (json < 0) continue;
        try {
          const entry = JSON.parse(line.slice(json));
          out.push({
            ...entry,
            replica: this.name,
            at: Date.parse(entry.timestamp),
          });
        } catch {
          /* not a log line */
        }
      }
    }
    return out;
  }
}
const read = file => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

async function query(pluginId, sql, params = []) {
  const client = new Client({
    host: '127.0.0.1',
    port: PG_PORT,
    user: 'postgres',
    database: db(pluginId),
  });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
async function waitFor(what, fn, timeoutMs, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value;
    try {
      value = await fn();
    } catch {
      value = undefined;
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
async function fault(body) {
  const res = await fetch(`${SIM_ADMIN}/admin/faults`, {
    method: body ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.equal(res.status, 200, `platform-sim faults: ${await res.text()}`);
}

/** Runs of one task from the replicas' logs: start and end lines, in order, per replica. */
function runsFromLogs(replicas, startText, endPattern) {
  const runs = [];
  for (const r of replicas) {
    let open;
    for (const l of r.lines()) {
      if (l.message === startText) {
        open = { replica: r.name, start: l.at };
        runs.push(open);
      } else if (open && endPattern.test(l.message ?? '')) {
        open.end = l.at;
        open = undefined;
      }
    }
  }
  return runs.sort((a, b) => a.start - b.start);
}

/** Runs per period in a window, overlaps, and the closest two starts (across replicas). */
function countRuns(runs, from, to) {
  const inWindow = runs.filter(r => r.start >= from && r.start < to);
  const overlaps = inWindow.filter(
    (r, i) =>
      i > 0 &&
      inWindow[i - 1].end !== undefined &&
      r.start < inWindow[i - 1].end,
  ).length;
  const gaps = inWindow.slice(1).map((r, i) => r.start - inWindow[i].start);
  const byReplica = {};
  for (const r of inWindow)
    byReplica[r.replica] = (byReplica[r.replica] ?? 0) + 1;
  const periods = (to - from) / (PERIOD_S * 1000);
  return {
    runs: inWindow.length,
    periods: Number(periods.toFixed(1)),
    runsPerPeriod: Number((inWindow.length / periods).toFixed(2)),
    byReplica,
    overlaps,
    minGapS: gaps.length ? Number((Math.min(...gaps) / 1000).toFixed(1)) : null,
  };
}

const [A, B] = [
  new Replica('a', PORTS[0]),
  // B's first runs wait 20 s: A claims the first runs of both tasks, so the test knows whom to kill.
  // (8 s was not enough: when B wins the start-up lock, A starts its scheduler seconds after B.)
  new Replica('b', PORTS[1], {
    APP_CONFIG_securityFindings_schedule_initialDelaySeconds: '20',
    APP_CONFIG_platformCost_schedule_initialDelaySeconds: '20',
  }),
];
const counts = {};
let killed;

before(async () => {
  assert.ok(TOKEN, 'PIER_CI_TOKEN must be set (app-config.ci.yaml)');
  await fault(null);
  // Slow upstreams, so the first runs are still going when replica A is killed.
  await fault([
    { upstream: 'aws.securityhub', latencyMs: 700 },
    { upstream: 'opencost', latencyMs: 250 },
  ]);
  const t0 = Date.now();
  A.start();
  B.start();
  await Promise.all([A.ready(), B.ready()]);
  counts.bootBothS = Number(((Date.now() - t0) / 1000).toFixed(1));
});

after(async () => {
  await fault(null).catch(() => {});
  await Promise.all([A.stop(), B.stop()]);
  for (const r of [A, B]) fs.rmSync(r.data, { recursive: true, force: true });
  fs.writeFileSync(
    path.join(OUT, 'counts.json'),
    `${JSON.stringify(counts, null, 2)}\n`,
  );
  console.log(`# replica counts: ${JSON.stringify(counts)}`);
});

test('both replicas start at once on one fresh PostgreSQL: one migrates at a time, none fails', async () => {
  const windows = [];
  for (const r of [A, B]) {
    const lines = r.lines();
    const taken = lines.find(l =>
      /^Start-up lock taken after \d+ ms/.test(l.message ?? ''),
    );
    const released = lines.find(l => l.message === 'Start-up lock released');
    assert.ok(
      taken && released,
      `${r.name} did not start under the start-up lock`,
    );
    // Start-up only: the first scheduled runs meet the slow upstreams on purpose (and may time out).
    const bad = lines.filter(
      l =>
        l.at <= released.at &&
        (l.level === 'error' ||
          /already exists|MigrationLocked|already locked/i.test(
            l.message ?? '',
          )),
    );
    assert.deepEqual(
      bad.map(l => l.message),
      [],
      `${r.name} logged errors at start-up`,
    );
    windows.push({
      replica: r.name,
      from: taken.at,
      to: released.at,
      waitedMs: Number(/after (\d+) ms/.exec(taken.message)[1]),
    });
  }
  windows.sort((x, y) => x.from - y.from);
  // The first replica logs the release once its session has ended, a few ms after PostgreSQL
  // already handed the lock to the other one.
  assert.ok(
    windows[1].from >= windows[0].to - 250,
    `the replicas migrated at the same time: ${JSON.stringify(windows)}`,
  );
  counts.startupLockWaitMs = Object.fromEntries(
    windows.map(w => [w.replica, w.waitedMs]),
  );
  for (const [pluginId, table] of [
    ['security-findings', 'security_findings_knex_migrations'],
    ['platform-cost', 'knex_migrations'],
  ]) {
    const rows = await query(pluginId, `select name from ${table}`);
    assert.ok(rows.length > 0, `${pluginId} has no migrations applied`);
    assert.equal(
      new Set(rows.map(r => r.name)).size,
      rows.length,
      `${pluginId}: a migration applied twice`,
    );
    const files = fs.readdirSync(
      path.join(ROOT, `plugins/${pluginId}-backend/migrations`),
    );
    assert.deepEqual(rows.map(r => r.name).sort(), files.sort());
  }
});

test('both replicas serve: readiness, the catalog API and the app', async () => {
  for (const r of [A, B]) {
    const base = `http://127.0.0.1:${r.port}`;
    assert.equal(
      (await fetch(`${base}/.backstage/health/v1/readiness`)).status,
      200,
    );
    const res = await fetch(`${base}/api/catalog/entities/by-query?limit=1`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(res.status, 200, `${r.name} catalog: ${res.status}`);
    assert.match(await (await fetch(base)).text(), /<div id="root">/);
  }
});

test('a replica killed mid-ingestion and mid-backfill: nothing half-written, and the next runs complete', async () => {
  // Kill A while the security run is paging and the cost backfill has stored some days, not all.
  const { runId } = await waitFor(
    'A in the middle of both tasks',
    async () => {
      const [run] = await query(
        'security-findings',
        'select id from security_ingestion_runs where finished_at is null order by id desc limit 1',
      );
      const [{ days }] = await query(
        'platform-cost',
        "select count(*)::int as days from cost_daily_cluster where source = 'billing'",
      );
      const [{ done }] = await query(
        'platform-cost',
        'select count(*)::int as done from cost_backfills',
      );
      // The run is A's (its log shows it started and not ended), so killing A interrupts it.
      const [last] = runsFromLogs(
        [A],
        'security-findings ingestion started',
        /^security-findings ingestion (finished|aborted)$/,
      ).slice(-1);
      const inA = last !== undefined && last.end === undefined;
      return run && inA && days > 0 && done < 2 && { runId: run.id };
    },
    60_000,
    100,
  );
  A.kill();
  killed = { at: Date.now(), securityRunId: runId };
  const [{ days: daysAtKill }] = await query(
    'platform-cost',
    "select count(*)::int as days from cost_daily_cluster where source = 'billing'",
  );
  counts.kill = {
    securityRunUnfinished: runId,
    billingDaysStoredAtKill: daysAtKill,
    of: 2 * BACKFILL_DAYS,
  };
  await fault(null);

  // The killed pod's claims expire after the task timeout; its replacement's scheduler clears
  // expired claims when it starts (as a Deployment restarts the pod), then either replica runs.
  await sleep(TIMEOUT_S * 1000);
  A.start();
  await A.ready();

  await waitFor(
    'a complete security-findings run after the kill',
    async () =>
      (
        await query(
          'security-findings',
          'select id from security_ingestion_runs where ok and id > $1 limit 1',
          [runId],
        )
      )[0],
    60_000,
    500,
  );
  const [killedRun] = await query(
    'security-findings',
    'select ok, finished_at from security_ingestion_runs where id = $1',
    [runId],
  );
  assert.equal(killedRun.finished_at, null, 'the killed run never finished');
  assert.equal(killedRun.ok, false);
  // What is stored now against the latest complete run (runs go on every period: read both
  // between two looks at the latest run, so a run finishing in between is not compared).
  const latestOk = async () =>
    (
      await query(
        'security-findings',
        'select id, findings from security_ingestion_runs where ok order by id desc limit 1',
      )
    )[0];
  const { ok, rows, keys, ids } = await waitFor(
    'the stored findings between two runs',
    async () => {
      const before = await latestOk();
      const [stored] = await query(
        'security-findings',
        'select count(*)::int as rows, count(distinct (finding_id, entity_ref))::int as keys, count(distinct finding_id)::int as ids from security_findings',
      );
      const after = await latestOk();
      return before.id === after.id && { ok: after, ...stored };
    },
    30_000,
    100,
  );
  assert.equal(rows, keys, 'a finding stored twice for one entity');
  assert.equal(
    ids,
    Number(ok.findings),
    'stored findings differ from what the run read',
  );
  counts.security = {
    findingsAfterKill: ids,
    duplicateRows: rows - keys,
    lost: Number(ok.findings) - ids,
  };

  await waitFor(
    'the cost backfill of both clusters to complete',
    async () =>
      (
        await query(
          'platform-cost',
          'select count(*)::int as n from cost_backfills',
        )
      )[0].n === 2,
    60_000,
    500,
  );
  const billing = await query(
    'platform-cost',
    "select cluster, count(*)::int as days, count(distinct day)::int as distinct_days, min(day) as first, max(day) as last from cost_daily_cluster where source = 'billing' group by cluster order by cluster",
  );
  for (const c of billing) {
    assert.equal(
      c.days,
      c.distinct_days,
      `${c.cluster}: a billed day stored twice`,
    );
    const span = (Date.parse(c.last) - Date.parse(c.first)) / 86_400_000 + 1;
    assert.equal(
      c.days,
      span,
      `${c.cluster}: billed days missing between ${c.first} and ${c.last}`,
    );
    assert.ok(
      c.days >= BACKFILL_DAYS - 1,
      `${c.cluster}: only ${c.days} billed days`,
    );
  }
  counts.cost = {
    billedDays: Object.fromEntries(billing.map(c => [c.cluster, c.days])),
    duplicateDays: billing.reduce((s, c) => s + c.days - c.distinct_days, 0),
  };
});

test(`each task runs once per ${PERIOD_S} s period across both replicas, never overlapping`, async () => {
  // From when both serve again (B's initial wait is over by now).
  const from = Date.now();
  await sleep(COUNT_WINDOW_S * 1000);
  const to = Date.now();
  const security = countRuns(
    runsFromLogs(
      [A, B],
      'security-findings ingestion started',
      /^security-findings ingestion (finished|aborted)$/,
    ),
    from,
    to,
  );
  const cost = countRuns(
    runsFromLogs(
      [A, B],
      'platform-cost snapshot started',
      /^platform-cost snapshot (in|aborted)/,
    ),
    from,
    to,
  );
  counts.periodS = PERIOD_S;
  counts.windowS = COUNT_WINDOW_S;
  counts.securityRuns = security;
  counts.costRuns = cost;
  for (const [name, c] of [
    ['security-findings-ingestion', security],
    ['platform-cost-snapshot', cost],
  ]) {
    assert.equal(c.overlaps, 0, `${name}: runs overlapped`);
    // The scheduler starts a due run within one poll (the period, here) of its time: at most one
    // run per period, and at least one per two periods.
    assert.ok(
      c.runs <= Math.ceil(c.periods) + 1,
      `${name}: ${c.runs} runs in ${c.periods} periods`,
    );
    assert.ok(
      c.runs >= Math.floor(c.periods / 2),
      `${name}: only ${c.runs} runs in ${c.periods} periods`,
    );
    assert.ok(
      c.minGapS === null || c.minGapS >= PERIOD_S * 0.75,
      `${name}: two runs ${c.minGapS} s apart`,
    );
  }
  // The run ids in the database agree with the logs: one row per run, none concurrent.
  const rows = await query(
    'security-findings',
    'select id, started_at, finished_at from security_ingestion_runs where id > $1 order by id',
    [killed.securityRunId],
  );
  for (let i = 1; i < rows.length; i++) {
    if (rows[i - 1].finished_at === null) continue;
    assert.ok(
      Number(rows[i].started_at) >= Number(rows[i - 1].finished_at),
      `security runs ${rows[i - 1].id} and ${rows[i].id} overlapped`,
    );
  }
});

test('after all runs: every snapshot hour is counted once in the daily rollups', async () => {
  const days = await query(
    'platform-cost',
    `select d.cluster, d.day, d.hours, d.node_hours,
            (select count(*) from cost_snapshots s where s.cluster = d.cluster and s.day = d.day and s.status = 'ok')::int as snapshots,
            (select count(*) from cost_node_hours n where n.cluster = d.cluster and n.hour like d.day || '%')::int as nodes
       from cost_daily_cluster d where d.source = 'snapshot'`,
  );
  assert.ok(days.length >= 2, 'both clusters snapshotted');
  for (const d of days) {
    assert.equal(
      Number(d.hours),
      d.snapshots,
      `${d.cluster} ${d.day}: hours counted ${d.hours}, snapshots ${d.snapshots}`,
    );
    assert.equal(
      Number(d.node_hours),
      d.nodes,
      `${d.cluster} ${d.day}: node hours ${d.node_hours}, stored ${d.nodes}`,
    );
  }
  (counts.cost ??= {}).snapshotHoursCountedTwice = days.filter(
    d => Number(d.hours) !== d.snapshots,
  ).length;
});
