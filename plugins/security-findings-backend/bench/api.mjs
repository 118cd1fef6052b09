// Benchmark of the security-findings API against a running Pier whose platform-sim runs at
// benchmark scale (`--scale benchmark`: 50,000 findings, 500 services). Not a test: prints numbers.
//   PIER_URL (default http://127.0.0.1:7107), PIER_CI_TOKEN (static token), ENTITY (default the first service),
//   TRIGGER=1: first start an ingestion run, wait for it to finish and time the first dashboard call after it.
const base = process.env.PIER_URL ?? 'http://127.0.0.1:7107';
const headers = { authorization: `Bearer ${process.env.PIER_CI_TOKEN}` };
const p = (xs, q) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor(q * xs.length))
  ];

async function time(path) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/security-findings${path}`, { headers });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t0, body };
}

if (process.env.TRIGGER === '1') {
  // The entity route carries the ingestion status and never computes the dashboard.
  const probe = `/entity?entityRef=${encodeURIComponent(
    process.env.ENTITY ?? 'component:default/payments-api',
  )}`;
  const lastRun = async () =>
    (await time(probe).catch(() => undefined))?.body.status.lastRun;
  const before = await lastRun();
  const res = await fetch(
    `${base}/api/security-findings/.backstage/scheduler/v1/tasks/security-findings-ingestion/trigger`,
    { method: 'POST', headers },
  );
  if (!res.ok) throw new Error(`trigger: ${res.status} ${await res.text()}`);
  const t0 = performance.now();
  let run = before;
  while (!run?.finishedAt || run.startedAt === before?.startedAt) {
    await new Promise(r => setTimeout(r, 500));
    run = await lastRun();
  }
  console.log(
    `ingestion run: ${((performance.now() - t0) / 1000).toFixed(
      1,
    )} s until finished (ok ${run.ok}, ${run.findings} findings${
      run.partial ? `, partial: ${run.partial}` : ''
    }${run.error ? `, error: ${run.error}` : ''})`,
  );
}

const first = await time('/dashboard');
console.log(
  `dashboard first call: ${first.ms.toFixed(0)} ms, ${
    first.body.totals.findings
  } findings, ${first.body.services.length} services, last refresh ${
    first.body.status.lastSuccessAt
  }`,
);
const entity = process.env.ENTITY ?? first.body.services[0]?.entityRef;
for (const [name, path] of [
  ['dashboard', '/dashboard'],
  ['entity tab', `/entity?entityRef=${encodeURIComponent(entity)}`],
]) {
  const xs = [];
  for (let i = 0; i < 100; i++) xs.push((await time(path)).ms);
  console.log(
    `${name} (100 sequential): p50 ${p(xs, 0.5).toFixed(1)} ms, p95 ${p(
      xs,
      0.95,
    ).toFixed(1)} ms`,
  );
}
