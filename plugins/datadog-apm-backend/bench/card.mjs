// Benchmark of GET /api/datadog-apm/entity (the card's API) against a running Pier whose platform-sim
// runs at benchmark scale (`--scale benchmark`). Not a test: prints numbers.
//   PIER_URL (default http://127.0.0.1:7107), PIER_CI_TOKEN (static token from scripts/ci/app-config.ci.yaml),
//   PIER_BACKEND_LOG (the backend log, to count Datadog requests), SERVICE (default payments-api), RANGE (default 24h).
import fs from 'node:fs';

const base = process.env.PIER_URL ?? 'http://127.0.0.1:7107';
const headers = { authorization: `Bearer ${process.env.PIER_CI_TOKEN}` };
const log = process.env.PIER_BACKEND_LOG;
const service = process.env.SERVICE ?? 'payments-api';
const range = process.env.RANGE ?? '24h';
const url = `${base}/api/datadog-apm/entity?entityRef=component:default/${service}&range=${range}`;

async function card() {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return performance.now() - t0;
}
const p = (xs, q) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor(q * xs.length))
  ];
const upstream = () =>
  log
    ? fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(l => l.includes('Datadog request')).length
    : NaN;

const before = upstream();
console.log(`cold: ${(await card()).toFixed(0)} ms`);
const warm = [];
for (let i = 0; i < 200; i++) warm.push(await card());
console.log(
  `warm (200 sequential): p50 ${p(warm, 0.5).toFixed(1)} ms, p95 ${p(
    warm,
    0.95,
  ).toFixed(1)} ms`,
);

// 50 concurrent viewers of one service, in a fresh cache period of another range.
const other = range === '1h' ? '7d' : '1h';
const mid = upstream();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: 50 }, () =>
    fetch(url.replace(`range=${range}`, `range=${other}`), { headers }).then(
      r => r.json(),
    ),
  ),
);
console.log(
  `50 concurrent viewers (${other}): ${(performance.now() - t0).toFixed(
    0,
  )} ms, ` +
    `${
      upstream() - mid
    } Datadog requests (goal: 1 stats query; monitors/SLOs/discovery were cached by the first read); ` +
    `first read cost ${mid - before}`,
);
