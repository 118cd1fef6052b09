// Benchmark of platform-cost against a running Pier whose platform-sim runs at benchmark scale
// (`--scale benchmark --nodes 1200`: 90 days of history). Start the backend with an empty database
// just before this script, so the first scheduled run (15 s after start) includes the 90-day backfill.
// Not a test: prints numbers.
//   PIER_URL (default http://127.0.0.1:7107), PIER_CI_TOKEN (static token from scripts/ci/app-config.ci.yaml),
//   PIER_BACKEND_LOG (the backend log: snapshot durations are read from it; required),
//   SERVICE (default payments-api), REQUESTS (default 100 per endpoint),
//   STEADY=0 to skip waiting for the next hour's run.
import fs from 'node:fs';

const base = process.env.PIER_URL ?? 'http://127.0.0.1:7107';
const headers = { authorization: `Bearer ${process.env.PIER_CI_TOKEN}` };
const log = process.env.PIER_BACKEND_LOG;
if (!log) throw new Error('Set PIER_BACKEND_LOG to the backend log file');
const service = process.env.SERVICE ?? 'payments-api';
const requests = Number(process.env.REQUESTS ?? 100);

// "platform-cost snapshot in 2345 ms, dashboards in 678 ms: prod ok (720 nodes, 1200 ms), nonprod ok (480 nodes, 900 ms)"
const snapshotLines = () =>
  fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(l => l.includes('platform-cost snapshot in '));
async function nextSnapshot(seen, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const lines = snapshotLines();
    if (lines.length > seen) {
      const line = lines[seen];
      const start = line.indexOf('platform-cost snapshot in ');
      return line.slice(start, line.indexOf('"', start));
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`No snapshot logged in ${timeoutMs / 1000} s`);
}

async function get(path) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/platform-cost${path}`, { headers });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return performance.now() - t0;
}
const p = (xs, q) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor(q * xs.length))
  ];
async function measure(label, path) {
  const cold = await get(path);
  const warm = [];
  for (let i = 0; i < requests; i++) warm.push(await get(path));
  console.log(
    `${label}: first ${cold.toFixed(
      0,
    )} ms; warm (${requests} sequential) p50 ${p(warm, 0.5).toFixed(
      1,
    )} ms, p95 ${p(warm, 0.95).toFixed(1)} ms`,
  );
}

const already = snapshotLines().length;
console.log(
  `first run (snapshots + 90-day backfill): ${await nextSnapshot(
    already,
    30 * 60_000,
  )}`,
);
for (const line of fs
  .readFileSync(log, 'utf8')
  .split('\n')
  .filter(l => l.includes('platform-cost: backfilled'))) {
  const start = line.indexOf('platform-cost: backfilled');
  console.log(`  ${line.slice(start, line.indexOf('"', start))}`);
}

const ranges = [
  ['all', 30],
  ['all', 90],
  ['prod', 30],
  ['prod', 90],
  ['nonprod', 30],
  ['nonprod', 90],
];
for (const [cluster, days] of ranges) {
  await measure(
    `GET /dashboard?cluster=${cluster}&days=${days}`,
    `/dashboard?cluster=${cluster}&days=${days}`,
  );
}
await measure(
  `GET /entity (${service})`,
  `/entity?entityRef=${encodeURIComponent(`component:default/${service}`)}`,
);

// A steady hourly run: the next hour's snapshot (the scheduler runs it hourly; triggered here
// once the hour has turned, so the snapshots are not skipped as already done this hour).
if (process.env.STEADY !== '0') {
  const nextHour = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 30_000;
  console.log(
    `waiting for ${new Date(nextHour).toISOString()} for a steady hourly run`,
  );
  await new Promise(r => setTimeout(r, Math.max(0, nextHour - Date.now())));
  const seen = snapshotLines().length;
  const trigger = await fetch(
    `${base}/api/platform-cost/.backstage/scheduler/v1/tasks/platform-cost-snapshot/trigger`,
    { method: 'POST', headers },
  );
  if (!trigger.ok)
    throw new Error(`trigger: ${trigger.status} ${await trigger.text()}`);
  console.log(`steady hourly run: ${await nextSnapshot(seen, 10 * 60_000)}`);
  for (const [cluster, days] of [
    ['all', 30],
    ['prod', 90],
  ]) {
    await measure(
      `after that run: GET /dashboard?cluster=${cluster}&days=${days}`,
      `/dashboard?cluster=${cluster}&days=${days}`,
    );
  }
}
