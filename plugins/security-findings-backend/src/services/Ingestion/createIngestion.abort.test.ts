import http from 'node:http';
import { AddressInfo } from 'node:net';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import {
  databaseOf,
  simConfig,
  startKubernetesProxy,
} from '../../__testUtils__/simFixtures';
import { readSecurityFindingsConfig } from '../../config';
import { createAwsFindingsReader } from '../AwsFindings';
import { FindingsStore } from '../FindingsStore';
import { createRunningImageReader } from '../RunningImages';
import { createIngestion } from './createIngestion';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
/** Delay the simulated SecurityHub adds to every page, so a run is still paging when aborted. */
const PAGE_LATENCY_MS = 150;

/**
 * Forwards to SecurityHub and notes when each request started: how the test sees whether the
 * reader kept paging after the abort.
 */
async function startCountingProxy(target: string) {
  const started: number[] = [];
  const server = http.createServer((req, res) => {
    started.push(Date.now());
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      try {
        const upstream = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(
              ([k]) => !['host', 'connection', 'content-length'].includes(k),
            ) as Array<[string, string]>,
          ),
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        res.writeHead(upstream.status, {
          'content-type':
            upstream.headers.get('content-type') ?? 'application/json',
        });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      } catch {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      }
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    started,
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe.each(databases.eachSupportedId())(
  'ingestion and its abort signal on %s',
  databaseId => {
    let sim: PlatformSim;
    let kubernetes: Awaited<ReturnType<typeof startKubernetesProxy>>;
    let securityHub: Awaited<ReturnType<typeof startCountingProxy>>;
    let store: FindingsStore;
    let ingestion: ReturnType<typeof createIngestion>;
    const logger = mockServices.logger.mock();

    beforeAll(async () => {
      sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
      kubernetes = await startKubernetesProxy(sim);
      securityHub = await startCountingProxy(sim.urls.aws.securityhub);
      const config = new ConfigReader(
        simConfig(sim, {
          endpoints: {
            securityHub: securityHub.url,
            inspector2: sim.urls.aws.inspector2,
          },
        }),
      );
      const settings = readSecurityFindingsConfig(config)!;
      store = await FindingsStore.create(
        databaseOf(await databases.init(databaseId)),
      );
      const auth = mockServices.auth();
      ingestion = createIngestion({
        targets: settings.targets,
        clusters: settings.clusters,
        aws: createAwsFindingsReader({
          credentials: DefaultAwsCredentialsManager.fromConfig(config),
          logger,
          endpoints: settings.endpoints,
          inspector2: true,
          complianceControls: true,
          maxThrottleRetries: 3,
          backoffBaseMs: 50,
        }),
        runningImages: createRunningImageReader({
          discovery: kubernetes.discovery,
          auth,
          timeoutMs: 5000,
        }),
        store,
        catalog: catalogServiceMock({
          entities: deriveCatalogEntities(sim.scenario),
        }),
        auth,
        logger,
        precomputeDashboard: async () => {},
      });
    });

    afterAll(async () => {
      await securityHub?.close();
      await kubernetes?.close();
      await sim?.stop();
    });

    afterEach(() => sim.faults.clear());

    const stored = async () => ({
      findings: (await store.allFindings()).length,
      controls: (await store.complianceFindings()).length,
    });

    it('stops paging when aborted, keeps the last good findings whole, and the next run completes', async () => {
      const good = await ingestion.run();
      expect(good.ok).toBe(true);
      const before = await stored();
      expect(before.findings).toBeGreaterThan(0);
      expect(before.controls).toBeGreaterThan(0);
      const fullRunRequests = securityHub.started.length;
      // Enough pages that an abort after two page-times lands in the middle.
      expect(fullRunRequests).toBeGreaterThan(4);

      sim.faults.set('aws.securityhub', { latencyMs: PAGE_LATENCY_MS });
      securityHub.started.length = 0;
      const controller = new AbortController();
      // When the abort really happens (a timer fires late on a busy machine).
      let abortAt = Number.POSITIVE_INFINITY;
      setTimeout(() => {
        abortAt = Date.now();
        controller.abort();
      }, 2 * PAGE_LATENCY_MS);
      const aborted = await ingestion.run(controller.signal);
      const returnedAt = Date.now();

      expect(aborted.ok).toBe(false);
      expect(aborted.error).toMatch(/abort/i);
      // Stopped mid-way: fewer pages than a full run, none requested after the abort, and it
      // returned within about one page (the page in flight is cancelled, not awaited).
      expect(securityHub.started.length).toBeLessThan(fullRunRequests);
      expect(securityHub.started.every(t => t <= abortAt + 20)).toBe(true);
      expect(returnedAt - abortAt).toBeLessThan(PAGE_LATENCY_MS * 3);
      expect(await stored()).toEqual(before);
      expect((await store.status()).lastRun).toMatchObject({ ok: false });
      expect((await store.status()).lastSuccessAt).toBeDefined();

      sim.faults.clear();
      const next = await ingestion.run();
      expect(next.ok).toBe(true);
      expect(next.findings).toBe(good.findings);
      expect(await stored()).toEqual(before);
    });

    it('rolls back findings and controls together when aborted while writing them', async () => {
      const before = await stored();
      const rows = await store.allFindings();
      const controls = await store.complianceFindings();
      expect(rows.length).toBeGreaterThan(0);
      const controller = new AbortController();
      controller.abort();
      // Half the findings and no controls, written by a run that was aborted: nothing changes.
      await expect(
        store.replaceActiveFindings(
          rows.slice(0, Math.ceil(rows.length / 2)),
          [],
          controller.signal,
        ),
      ).rejects.toThrow(/abort/i);
      expect(await stored()).toEqual(before);

      // Not aborted: both sets replaced in one go, no row twice.
      await store.replaceActiveFindings(
        rows,
        controls,
        new AbortController().signal,
      );
      expect(await stored()).toEqual(before);
      const keys = (await store.allFindings()).map(
        f => `${f.findingId} ${f.entityRef}`,
      );
      expect(new Set(keys).size).toBe(keys.length);
    });
  },
);
