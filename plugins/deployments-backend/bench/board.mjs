// Benchmark of GET /api/deployments/board against a running Pier whose platform-sim runs at
// benchmark scale (500 services × 2 clusters). Not a test: prints numbers.
//   PIER_URL (default http://127.0.0.1:7107), PIER_CI_TOKEN (static token from scripts/ci/app-config.ci.yaml),
//   PIER_BACKEND_LOG (the backend log, to count Argo CD passes), VIEWERS_SECONDS (default 60).
import fs from 'node:fs';

const base = process.env.PIER_URL ?? 'http://127.0.0.1:7107';
const headers = { authorization: `Bearer ${process.env.PIER_CI_TOKEN}` };
const log = process.env.PIER_BACKEND_LOG;
const seconds = Number(process.env.VIEWERS_SECONDS ?? 60);

async function board() {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/deployments/board`, { headers });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t0, rows: body.rows.length };
}
const p = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const upstreamPasses = () =>
  log ? fs.readFileSync(log, 'utf8').split('\n').filter(l => l.includes('Read Argo CD')).length : NaN;

const cold = await board();
console.log(`cold: ${cold.ms.toFixed(0)} ms for ${cold.rows} rows`);
const warm = [];
for (let i = 0; i < 100; i++) warm.push((await board()).ms);
console.log(`warm (100 sequential): p50 ${p(warm, 0.5).toFixed(1)} ms, p95 ${p(warm, 0.95).toFixed(1)} ms`);

// Viewers poll like the page does (every 30 s, first poll at a random offset).
async function viewers(n) {
  const before = upstreamPasses();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: n }, async () => {
      await new Promise(r => setTimeout(r, Math.random() * 30_000));
      while (Date.now() < end) {
        await board();
        await new Promise(r => setTimeout(r, 30_000));
      }
    }),
  );
  return upstreamPasses() - before;
}
for (const n of [1, 50]) {
  const passes = await viewers(n);
  console.log(`${n} viewer(s) for ${seconds} s: ${passes} Argo CD list passes (${((passes * 60) / seconds).toFixed(1)}/min, both clusters counted)`);
}
