// Leads' security dashboard counts at platform-sim scale (default or benchmark), through the plugin's own
// ingestion (AWS SDK clients over HTTP, in-memory SQLite, catalog entities derived from the scenario).
// Not a test: prints numbers.  node --require <nodeTransform.cjs> bench/dashboardCounts.ts [default|benchmark]
import http from 'node:http';
import { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  BENCHMARK_SCENARIO_OPTIONS,
  EPHEMERAL_PORTS,
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import { createAwsFindingsReader } from '../src/services/AwsFindings';
import { FindingsStore } from '../src/services/FindingsStore';
import { createIngestion } from '../src/services/Ingestion';
import { createRunningImageReader } from '../src/services/RunningImages';
import { computeDashboard } from '../src/services/Dashboard/computeDashboard';
import { computeCompliance } from '../src/services/Dashboard/computeCompliance';

const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
} as any;

async function main() {
  const scale = process.argv[2] ?? 'benchmark';
  const t0 = Date.now();
  const sim = await startPlatformSim({
    ports: EPHEMERAL_PORTS,
    scenario: scale === 'benchmark' ? BENCHMARK_SCENARIO_OPTIONS : {},
  });
  const server = http.createServer(async (req, res) => {
    const cluster = req.headers['backstage-kubernetes-cluster'] as
      | 'prod'
      | 'nonprod';
    const path = (req.url ?? '').replace(/^\/api\/kubernetes\/proxy/, '');
    const upstream = await fetch(`${sim.urls.kubernetes[cluster]}${path}`, {
      headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
    });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entities = deriveCatalogEntities(sim.scenario);
  const config = new ConfigReader({
    aws: {
      accounts: [
        {
          accountId: sim.scenario.accountId,
          accessKeyId: SIM_AWS_ACCESS_KEY_ID,
          secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
        },
      ],
    },
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await FindingsStore.create({
    getClient: async () => knex,
  } as any);
  const auth = {
    getOwnServiceCredentials: async () => ({}),
    getPluginRequestToken: async () => ({ token: 'x' }),
  } as any;
  const ingestion = createIngestion({
    targets: [
      { accountId: sim.scenario.accountId, region: sim.scenario.region },
    ],
    clusters: ['prod', 'nonprod'],
    aws: createAwsFindingsReader({
      credentials: DefaultAwsCredentialsManager.fromConfig(config),
      logger: silent,
      endpoints: {
        securityHub: sim.urls.aws.securityhub,
        inspector2: sim.urls.aws.inspector2,
      },
      inspector2: true,
      complianceControls: true,
      maxThrottleRetries: 3,
    }),
    runningImages: createRunningImageReader({
      discovery: {
        getBaseUrl: async (id: string) => `${proxyUrl}/api/${id}`,
        getExternalBaseUrl: async (id: string) => `${proxyUrl}/api/${id}`,
      } as any,
      auth,
      timeoutMs: 60_000,
    }),
    store,
    catalog: { getEntities: async () => ({ items: entities }) } as any,
    auth,
    logger: silent,
    precomputeDashboard: async () => {},
  });
  const result = await ingestion.run();
  const at = Date.now();
  const findings = await store.allFindings();
  const d = computeDashboard({
    findings,
    images: await store.runningImages(),
    daily: await store.dailyCounts('1970-01-01'),
    at,
  });
  const sum = (c: Record<string, number>) =>
    Object.values(c).reduce((a, b) => a + b, 0);
  const unowned = new Set(
    findings.filter((f: any) => !f.entityRef).map((f: any) => f.findingId),
  );
  const unownedOpen = new Set(
    findings
      .filter((f: any) => !f.entityRef && f.workflowStatus !== 'SUPPRESSED')
      .map((f: any) => f.findingId),
  );
  const byType = new Map<string, number>();
  const seen = new Set<string>();
  for (const f of findings) {
    if (seen.has(f.findingId)) continue;
    seen.add(f.findingId);
    byType.set(f.resourceType, (byType.get(f.resourceType) ?? 0) + 1);
  }
  const scenarioFindings = sim.scenario.findings.length;
  const out = {
    scale,
    scenarioFindings,
    ingest: {
      ok: result.ok,
      findings: result.findings,
      partial: result.partial,
      error: result.error,
    },
    ingestedByResourceType: Object.fromEntries(byType),
    dashboard: {
      openFindings: d.totals.findings,
      open: d.totals.open,
      runningOpen: sum(d.totals.running),
      suppressed: sum(d.totals.suppressed),
      slaBreaches: d.slaBreaches.reduce((n: number, b: any) => n + b.count, 0),
      slaBreachesBySeverity: Object.fromEntries(
        d.slaBreaches.map((b: any) => [b.severity, b.count]),
      ),
      deployedVulnerableRows: d.deployedVulnerable.length,
      services: d.services.length,
      teams: d.teams.length,
      unownedFindings: unowned.size,
      unownedOpenFindings: unownedOpen.size,
      topCveCount: d.topCves.length,
      compliance: summarizeCompliance(
        computeCompliance(await store.complianceFindings()),
      ),
    },
    seconds: (Date.now() - t0) / 1000,
  };
  console.log(JSON.stringify(out, null, 2));
  server.closeAllConnections();
  server.close();
  await knex.destroy();
  await sim.stop();
}

function summarizeCompliance(c: any) {
  const { controls, accounts, ...rest } = c;
  return {
    ...rest,
    controlsListed: controls?.length,
    accounts: accounts?.length,
    topFailing: controls
      .slice(0, 5)
      .map(
        (x: any) =>
          `${x.controlId} ${x.severity} failed ${
            x.counts.FAILED
          }/${Object.values(x.counts).reduce((a: any, b: any) => a + b, 0)} (${
            x.failingResources
          } resources)`,
      ),
  };
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
