import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createEntityVisibility } from '@internal/backend-access-guard';
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
import { createFindingsQueries } from '../Dashboard';
import { FindingsStore } from '../FindingsStore';
import { createRunningImageReader } from '../RunningImages';
import { createIngestion } from './createIngestion';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const caller = mockCredentials.user('user:default/grace.lee');

/**
 * Forwards to the simulated SecurityHub, minus the request's `NextToken`: every page asked for is
 * the first one again, with the same token — an upstream that pages in a circle.
 */
async function startCirclingProxy(target: string) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        delete body.NextToken;
        const upstream = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(
              ([k]) => !['host', 'connection', 'content-length'].includes(k),
            ) as Array<[string, string]>,
          ),
          body: JSON.stringify(body),
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
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe.each(databases.eachSupportedId())(
  'ingestion of answers that succeed but are empty or far smaller, on %s',
  databaseId => {
    let sim: PlatformSim;
    let kubernetes: Awaited<ReturnType<typeof startKubernetesProxy>>;
    let store: FindingsStore;
    let queries: ReturnType<typeof createFindingsQueries>;
    let options: Parameters<typeof createIngestion>[0];
    let ingestion: ReturnType<typeof createIngestion>;
    let config: ConfigReader;
    const logger = mockServices.logger.mock();
    let where: string;

    const reader = (
      extra: Partial<Parameters<typeof createAwsFindingsReader>[0]> = {},
    ) =>
      createAwsFindingsReader({
        credentials: DefaultAwsCredentialsManager.fromConfig(config),
        logger,
        endpoints: {
          securityHub: sim.urls.aws.securityhub,
          inspector2: sim.urls.aws.inspector2,
        },
        inspector2: true,
        complianceControls: true,
        maxThrottleRetries: 3,
        backoffBaseMs: 50,
        ...extra,
      });

    beforeAll(async () => {
      sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
      kubernetes = await startKubernetesProxy(sim);
      config = new ConfigReader(simConfig(sim));
      const settings = readSecurityFindingsConfig(config)!;
      where = `${sim.scenario.accountId}/${sim.scenario.region}`;
      store = await FindingsStore.create(
        databaseOf(await databases.init(databaseId)),
      );
      const entities = deriveCatalogEntities(sim.scenario);
      queries = createFindingsQueries({
        store,
        complianceControls: true,
        cache: mockServices.cache.mock(),
        visibility: createEntityVisibility({
          catalog: catalogServiceMock({ entities }),
        }),
      });
      const auth = mockServices.auth();
      options = {
        targets: settings.targets,
        clusters: settings.clusters,
        aws: reader(),
        runningImages: createRunningImageReader({
          discovery: kubernetes.discovery,
          auth,
          timeoutMs: 5000,
        }),
        store,
        catalog: catalogServiceMock({ entities }),
        auth,
        logger,
        precomputeDashboard: runId => queries.precomputeDashboard(runId),
        suspiciousDrop: settings.suspiciousDrop,
      };
      ingestion = createIngestion(options);
    });

    afterAll(async () => {
      await kubernetes?.close();
      await sim?.stop();
    });

    afterEach(() => sim.faults.clear());

    const stored = async () => ({
      findings: new Set((await store.allFindings()).map(f => f.findingId)).size,
      controls: (await store.complianceFindings()).length,
    });
    const dashboard = () => queries.dashboard(undefined, caller);

    it('stores the first full answer', async () => {
      const result = await ingestion.run();
      expect(result.ok).toBe(true);
      const good = await stored();
      expect(good.findings).toBe(result.findings);
      expect(good.controls).toBeGreaterThan(0);
      expect((await dashboard()).status.held).toBeUndefined();
    });

    it('keeps the last good findings when SecurityHub answers 200 with {}, and says what is wrong', async () => {
      const before = await stored();
      const { status: was } = await dashboard();
      sim.faults.set('aws.securityhub', { empty: true });
      const result = await ingestion.run();
      expect(result.ok).toBe(false);
      expect(result.error).toBe(
        `SecurityHub GetFindings (${where}): answer has no Findings list`,
      );
      expect(await stored()).toEqual(before);
      const { status, totals } = await dashboard();
      expect(totals.findings).toBeGreaterThan(0);
      expect(status.lastSuccessAt).toBe(was.lastSuccessAt);
      expect(status.lastRun).toMatchObject({ ok: false, error: result.error });
    });

    it('holds an answer of zero findings, shows why on the dashboard and the entity page, and forgets it when the next answer is whole', async () => {
      const before = await stored();
      const { status: was } = await dashboard();
      sim.faults.set('aws.securityhub', { dropFraction: 1 });
      const result = await ingestion.run();
      expect(result.ok).toBe(false);
      expect(result.held).toEqual([
        expect.stringMatching(
          new RegExp(
            `^SecurityHub \\(${where}\\) answered 0 findings at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(had ${before.findings} at .*\\): not stored, waiting for confirmation by the next run$`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^SecurityHub \\(${where}\\) answered 0 control findings at .* \\(had ${before.controls} at .*\\)`,
          ),
        ),
      ]);
      expect(await stored()).toEqual(before);

      const { status, totals } = await dashboard();
      expect(totals.findings).toBeGreaterThan(0);
      expect(status.lastSuccessAt).toBe(was.lastSuccessAt);
      expect(status.lastRun).toMatchObject({
        ok: false,
        held: result.held!.join('\n'),
      });
      expect(status.lastRun?.error).toBeUndefined();
      // Both answers of the run may carry the same instant: their order is then the keys'.
      expect(
        [...(status.held ?? [])].sort((x, y) => x.unit.localeCompare(y.unit)),
      ).toEqual([
        expect.objectContaining({ unit: 'control findings', count: 0 }),
        expect.objectContaining({
          source: `SecurityHub (${where})`,
          unit: 'findings',
          count: 0,
          acceptedCount: before.findings,
          since: expect.any(String),
          message: result.held![0],
        }),
      ]);
      const service = sim.scenario.services[0];
      const entity = deriveCatalogEntities(sim.scenario).find(
        e => e.metadata.name === service.name,
      )!;
      expect((await queries.entityFindings(entity)).status.held).toEqual(
        status.held,
      );

      // The next answer is whole again: it is stored and nothing waits any more.
      sim.faults.clear();
      const healed = await ingestion.run();
      expect(healed.ok).toBe(true);
      expect(await stored()).toEqual(before);
      expect((await dashboard()).status.held).toBeUndefined();
    });

    it('holds a 90 % drop, then stores it when the next run confirms it', async () => {
      const before = await stored();
      sim.faults.set('aws.securityhub', { dropFraction: 0.9 });
      const first = await ingestion.run();
      expect(first.ok).toBe(false);
      expect(first.held?.[0]).toMatch(
        new RegExp(
          `^SecurityHub \\(${where}\\) answered \\d+ findings at .* \\(had ${before.findings} at`,
        ),
      );
      expect(await stored()).toEqual(before);
      const since = (await dashboard()).status.held![0].since;

      const second = await ingestion.run();
      expect(second.ok).toBe(true);
      const after = await stored();
      expect(after.findings).toBe(second.findings);
      // About a tenth is left. The exact count moves with the scenario's date (36 of 356 on
      // one day, 40 of 358 on another), so the bound leaves room above a tenth.
      expect(after.findings).toBeLessThan(before.findings * 0.15);
      expect(after.findings).toBeGreaterThan(0);
      const { status } = await dashboard();
      expect(status.held).toBeUndefined();
      expect(status.lastRun).toMatchObject({ ok: true });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          `first seen ${since}): confirmed by a second run, stored`,
        ),
      );

      // Back to the whole answer: a rise is never held.
      sim.faults.clear();
      expect((await ingestion.run()).ok).toBe(true);
      expect(await stored()).toEqual(before);
    });

    it('holds a 90 % drop of Inspector2 findings too: the detail they carry is not thrown away', async () => {
      const before = await stored();
      sim.faults.set('aws.inspector2', { dropFraction: 0.9 });
      const result = await ingestion.run();
      expect(result.ok).toBe(false);
      expect(result.held).toEqual([
        expect.stringMatching(
          new RegExp(`^Inspector2 \\(${where}\\) answered \\d+ findings at `),
        ),
      ]);
      expect(await stored()).toEqual(before);
      sim.faults.clear();
      expect((await ingestion.run()).ok).toBe(true);
    });

    it('gives up for this run when Retry-After asks for more than the bound, keeping the last good data', async () => {
      const before = await stored();
      sim.faults.set('aws.securityhub', { status429RetryAfter: 3600 });
      const started = Date.now();
      const result = await ingestion.run();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(
        /^SecurityHub GetFindings .*: asked to retry after 3600 s, more than the 60 s this run waits; giving up until the next run$/,
      );
      expect(await stored()).toEqual(before);

      // The bound is the reader's: 1 s is too long for one that waits at most half a second.
      sim.faults.set('aws.securityhub', { status429RetryAfter: 1 });
      const bounded = createIngestion({
        ...options,
        aws: reader({ maxRetryAfterMs: 500 }),
      });
      expect((await bounded.run()).error).toMatch(
        /asked to retry after 1 s, more than the 0.5 s this run waits/,
      );
    });

    it('gives up on an upstream that does not answer after the request timeout, naming it, keeping the last good data', async () => {
      const before = await stored();
      sim.faults.set('aws.securityhub', { hang: true });
      const impatient = createIngestion({
        ...options,
        aws: reader({ requestTimeoutMs: 300 }),
      });
      const started = Date.now();
      const result = await impatient.run();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(
        new RegExp(`^SecurityHub GetFindings \\(${where}\\) failed: `),
      );
      expect(await stored()).toEqual(before);
      sim.faults.clear();
      // The next run (with the usual timeout: 300 ms is short for a real page on a busy machine) completes.
      expect((await createIngestion(options).run()).ok).toBe(true);
    });

    it('stops paging at the page bound and at a repeated page token', async () => {
      const before = await stored();
      const capped = createIngestion({
        ...options,
        aws: reader({ maxPages: 2 }),
      });
      const result = await capped.run();
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(
        /^SecurityHub GetFindings .*: more than 2 pages; stopped reading \(the answer is incomplete\)$/,
      );

      const circling = await startCirclingProxy(sim.urls.aws.securityhub);
      try {
        const looping = createIngestion({
          ...options,
          aws: reader({
            endpoints: {
              securityHub: circling.url,
              inspector2: sim.urls.aws.inspector2,
            },
          }),
        });
        const looped = await looping.run();
        expect(looped.ok).toBe(false);
        expect(looped.error).toMatch(
          /^SecurityHub GetFindings .*: page token repeated after 2 pages; stopped reading/,
        );
      } finally {
        await circling.close();
      }
      expect(await stored()).toEqual(before);
    });
  },
);
