// Benchmark of GET /api/service-overview/entity (the first card of a service's page) against a
// running Pier, at benchmark scale when its platform-sim runs with `--scale benchmark`. Not a test:
// prints numbers. Issue 18's goal: p95 warm < 150 ms.
//   PIER_URL (default http://127.0.0.1:7107), PIER_CI_TOKEN (static token), SERVICES (default 20):
//   how many services are opened once cold, then WARM (default 200) sequential requests spread over
//   them, then 50 concurrent viewers of one service.
const base = process.env.PIER_URL ?? 'http://127.0.0.1:7107';
const headers = { authorization: `Bearer ${process.env.PIER_CI_TOKEN}` };
const services = Number(process.env.SERVICES ?? 20);
const warmRequests = Number(process.env.WARM ?? 200);
const q = (xs, p) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor(p * xs.length))
  ];

async function overview(entityRef, route = 'entity') {
  const t0 = performance.now();
  const res = await fetch(
    `${base}/api/service-overview/${route}?entityRef=${encodeURIComponent(
      entityRef,
    )}`,
    { headers },
  );
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t0, body };
}

const list = await fetch(
  `${base}/api/catalog/entities/by-query?filter=kind=component&limit=${services}&fields=metadata.name`,
  { headers },
).then(r => r.json());
const refs = list.items.map(e => `component:default/${e.metadata.name}`);

const cold = [];
const verdicts = {};
for (const ref of refs) {
  const { ms, body } = await overview(ref);
  cold.push(ms);
  for (const c of body.clusters)
    verdicts[c.verdict] = (verdicts[c.verdict] ?? 0) + 1;
}
console.log(
  `cold (first read of ${refs.length} services): p50 ${q(cold, 0.5).toFixed(
    1,
  )} ms, p95 ${q(cold, 0.95).toFixed(1)} ms; verdicts ${JSON.stringify(
    verdicts,
  )}`,
);

const warm = [];
for (let i = 0; i < warmRequests; i++)
  warm.push((await overview(refs[i % refs.length])).ms);
console.log(
  `warm (${warmRequests} sequential over ${refs.length} services): p50 ${q(
    warm,
    0.5,
  ).toFixed(1)} ms, p95 ${q(warm, 0.95).toFixed(1)} ms`,
);

const t0 = performance.now();
const concurrent = await Promise.all(
  Array.from({ length: 50 }, () => overview(refs[0])),
);
console.log(
  `50 concurrent viewers of ${refs[0]}: ${(performance.now() - t0).toFixed(
    0,
  )} ms in all, p95 ${q(
    concurrent.map(c => c.ms),
    0.95,
  ).toFixed(1)} ms`,
);

// The explanations alone (the Kubernetes and Deployments tabs): cold for each service, then warm.
const explainedCold = [];
const ids = {};
for (const ref of refs) {
  const { ms, body } = await overview(ref, 'explanations');
  explainedCold.push(ms);
  for (const c of body.clusters)
    for (const e of c.explanations) ids[e.id] = (ids[e.id] ?? 0) + 1;
}
const explainedWarm = [];
for (let i = 0; i < warmRequests; i++)
  explainedWarm.push((await overview(refs[i % refs.length], 'explanations')).ms);
console.log(
  `explanations: cold p95 ${q(explainedCold, 0.95).toFixed(1)} ms, warm p50 ${q(
    explainedWarm,
    0.5,
  ).toFixed(1)} ms, p95 ${q(explainedWarm, 0.95).toFixed(
    1,
  )} ms; found ${JSON.stringify(ids)}`,
);
