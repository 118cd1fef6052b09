import { Entity } from '@backstage/catalog-model';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EntityVisibility,
  createEntityVisibility,
} from '@internal/backend-access-guard';
import {
  EPHEMERAL_PORTS,
  KNOWN_VULNERABILITIES,
  controlFindings,
  PlatformSim,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import {
  databaseOf,
  deployedDigests,
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
const DAY_MS = 86_400_000;
/** A lead reading the dashboard: the in-memory catalog shows them every entity. */
const caller = mockCredentials.user('user:default/grace.lee');
const sumCounts = (c: Record<string, number>) =>
  Object.values(c).reduce((a, b) => a + b, 0);

describe.each(databases.eachSupportedId())('ingestion on %s', databaseId => {
  let sim: PlatformSim;
  let proxy: Awaited<ReturnType<typeof startKubernetesProxy>>;
  let store: FindingsStore;
  let entities: Entity[];
  let ingestion: ReturnType<typeof createIngestion>;
  let queries: ReturnType<typeof createFindingsQueries>;
  let visibility: EntityVisibility;
  const logger = mockServices.logger.mock();

  let ingestionOptions: Parameters<typeof createIngestion>[0];
  const entity = (name: string) =>
    entities.find(e => e.kind === 'Component' && e.metadata.name === name)!;

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    proxy = await startKubernetesProxy(sim);
    entities = deriveCatalogEntities(sim.scenario);
    const config = new ConfigReader(simConfig(sim));
    const settings = readSecurityFindingsConfig(config)!;
    store = await FindingsStore.create(
      databaseOf(await databases.init(databaseId)),
    );
    const auth = mockServices.auth();
    const cached = new Map<string, any>();
    visibility = createEntityVisibility({
      catalog: catalogServiceMock({ entities }),
    });
    queries = createFindingsQueries({
      store,
      visibility,
      complianceControls: true,
      cache: mockServices.cache.mock({
        get: async key => cached.get(key),
        set: async (key, value) => {
          cached.set(key, value);
        },
      }),
    });
    ingestionOptions = {
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
        discovery: proxy.discovery,
        auth,
        timeoutMs: 5000,
      }),
      store,
      catalog: catalogServiceMock({ entities }),
      auth,
      logger,
      precomputeDashboard: runId => queries.precomputeDashboard(runId),
    };
    ingestion = createIngestion(ingestionOptions);
  });

  afterAll(async () => {
    await proxy?.close();
    await sim?.stop();
  });

  afterEach(() => sim.faults.clear());

  const activeFindings = () =>
    sim.scenario.findings.filter(
      f => f.recordState === 'ACTIVE' && f.workflowStatus !== 'RESOLVED',
    );

  it('ingests every active finding through the SDK and says which ones run where', async () => {
    const result = await ingestion.run();
    expect(result).toEqual({
      ok: true,
      findings: activeFindings().length,
      staleClusters: [],
    });

    const deployed = deployedDigests(sim.scenario);
    const scenario = sim.scenario;
    for (const [index, service] of scenario.services.entries()) {
      const own = activeFindings().filter(
        f =>
          f.serviceIndex === index && f.resourceType === 'AwsEcrContainerImage',
      );
      const expected = new Map(
        own.map(f => {
          const digest = `sha256:${service.releases[f.releaseIndex].digest}`;
          return [f.cve + digest, [...(deployed.get(digest) ?? [])].sort()];
        }),
      );
      const res = await queries.entityFindings(entity(service.name));
      expect(res.problems).toEqual([]);
      expect(res.findings).toHaveLength(own.length);
      const actual = new Map(
        res.findings.map(f => [
          f.cve! + f.imageDigest,
          [...new Set(f.running.map(r => r.cluster))].sort(),
        ]),
      );
      expect(actual).toEqual(expected);
      // Suppressed findings are listed but not counted as open.
      const runningCount = res.findings.filter(
        f => f.running.length && f.workflowStatus !== 'SUPPRESSED',
      ).length;
      expect(Object.values(res.counts.running).reduce((a, b) => a + b, 0)).toBe(
        runningCount,
      );
    }
  });

  it('dates a running finding from the deploy that started its pods', async () => {
    const service = sim.scenario.services[0];
    const res = await queries.entityFindings(entity(service.name));
    const live = res.findings.find(f =>
      f.running.some(r => r.cluster === 'prod'),
    )!;
    const deploy = service.deployments.prod.history.find(
      d =>
        `sha256:${service.releases[d.releaseIndex].digest}` ===
        live.imageDigest,
    )!;
    const since = Date.parse(
      live.running.find(r => r.cluster === 'prod')!.since,
    );
    expect(since).toBeGreaterThanOrEqual(deploy.deployStartedAt);
    expect(since).toBeLessThan(Date.now());
    // Inspector2 detail: its advisory link; "None Provided" is no recommendation.
    const withFix = res.findings.find(f =>
      f.packages.some(p => p.fixedInVersion),
    )!;
    expect(withFix.remediation).toBeUndefined();
    expect(withFix.remediationUrl).toBe(
      `https://nvd.nist.gov/vuln/detail/${withFix.cve}`,
    );
  });

  /**
   * The known vulnerabilities are written in the scenario as dpkg (or the language's tool) writes
   * the installed and fixed versions; every package Pier lists must read exactly so, whatever
   * epoch/version/release split Inspector sent.
   */
  async function expectVersionsAsWritten(
    findings: Array<{ cve?: string; packages: any[] }>,
  ) {
    let checked = 0;
    for (const f of findings) {
      const known = KNOWN_VULNERABILITIES.find(k => k.cve === f.cve);
      if (!known) continue;
      expect(f.packages.length).toBeGreaterThan(0);
      for (const p of f.packages) {
        expect([f.cve, p.installedVersion, p.fixedInVersion]).toEqual([
          f.cve,
          known.packageVersion,
          known.fixedInVersion,
        ]);
      }
      checked++;
    }
    return checked;
  }

  it('lists every vulnerable package with installed and fixed versions as the package manager writes them', async () => {
    const all = [];
    for (const service of sim.scenario.services) {
      all.push(
        ...(await queries.entityFindings(entity(service.name))).findings,
      );
    }
    expect(await expectVersionsAsWritten(all)).toBeGreaterThan(10);
    // one CVE, several binaries of its source package (libssl3 and openssl)
    const openssl = all.find(f => f.cve === 'CVE-2024-5535')!;
    expect(openssl.packages.map(p => p.name).sort()).toEqual([
      'libssl3',
      'openssl',
    ]);
    // zlib1g carries epoch 1 and no fix
    const zlib = all.find(f => f.cve === 'CVE-2023-45853')!;
    expect(zlib.packages).toEqual([
      {
        name: 'zlib1g',
        installedVersion: '1:1.2.13.dfsg-1',
        packageManager: 'OS',
      },
    ]);
  });

  it('keeps compliance controls apart: own view by control and status, none counted as vulnerabilities', async () => {
    const controls = controlFindings(sim.scenario).filter(
      c => c.recordState === 'ACTIVE',
    );
    const compliance = await queries.compliance();
    expect(compliance.enabled).toBe(true);
    expect(compliance.totals.findings).toBe(controls.length);
    const count = (status: string) =>
      controls.filter(c => c.status === status).length;
    expect(compliance.totals.counts).toEqual({
      PASSED: count('PASSED'),
      FAILED: count('FAILED'),
      WARNING: count('WARNING'),
      NOT_AVAILABLE: count('NOT_AVAILABLE'),
    });
    const s39 = compliance.controls.find(c => c.controlId === 'S3.9')!;
    const s39Records = controls.filter(
      c => c.control.securityControlId === 'S3.9',
    );
    expect(s39.counts.FAILED).toBe(
      s39Records.filter(c => c.status === 'FAILED').length,
    );
    expect(s39.standards).toEqual([
      'AWS FSBP v1.0.0',
      'NIST SP 800-53 v5.0.0',
      'PCI DSS v3.2.1',
    ]);
    expect(s39.failingResources).toBe(
      new Set(
        s39Records
          .filter(c => c.status === 'FAILED' || c.status === 'WARNING')
          .map(c => c.resourceId),
      ).size,
    );
    // the account-level CIS rule is found by its security control id
    expect(
      compliance.controls.find(c => c.controlId === 'IAM.15')!.standards,
    ).toEqual(['CIS AWS Foundations v1.2.0']);

    // The leads' dashboard: open findings are the open vulnerabilities only.
    const open = new Set(
      activeFindings()
        .filter(f => f.workflowStatus !== 'SUPPRESSED')
        .map(f => f.index),
    );
    const dashboard = await queries.dashboard(undefined, caller);
    expect(dashboard.totals.findings).toBe(open.size);
  });

  it('rebuilds 90 days of trend on the first run, labelled reconstructed', async () => {
    const dashboard = await queries.dashboard(undefined, caller);
    const reconstructed = dashboard.trend.filter(p => p.reconstructed);
    expect(reconstructed).toHaveLength(90);
    expect(dashboard.trend.at(-1)!.reconstructed).toBe(false);

    // Ten days ago, from the scenario: findings observed by then and not closed before it,
    // among the ones AWS still returns (open now, or closed in the last 90 days).
    const point = reconstructed[reconstructed.length - 10];
    const end = Date.parse(`${point.day}T00:00:00Z`) + DAY_MS - 1;
    const since = Date.now() - 90 * DAY_MS;
    const expected = {
      CRITICAL: 0,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 0,
      INFORMATIONAL: 0,
    };
    for (const f of sim.scenario.findings) {
      if (f.workflowStatus === 'SUPPRESSED') continue; // accepted risks are not open
      const open =
        f.recordState === 'ACTIVE' && f.workflowStatus !== 'RESOLVED';
      if (!open && f.updatedAt < since) continue;
      if (f.firstObservedAt > end) continue;
      if (!open && f.updatedAt <= end) continue;
      expected[f.severity]++;
    }
    expect(point.counts).toEqual(expected);
  });

  it('counts suppressed findings apart: not open, no SLA breach, not deployed and vulnerable', async () => {
    const scenario = sim.scenario;
    const active = activeFindings();
    const open = active.filter(
      f => f.workflowStatus === 'NEW' || f.workflowStatus === 'NOTIFIED',
    );
    const suppressed = active.filter(f => f.workflowStatus === 'SUPPRESSED');
    expect(suppressed.length).toBeGreaterThan(0);
    const bySeverity = (list: typeof active) => {
      const c = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
      for (const f of list) c[f.severity]++;
      return c;
    };

    const dashboard = await queries.dashboard(undefined, caller);
    expect(dashboard.totals.open).toEqual(bySeverity(open));
    expect(dashboard.totals.findings).toBe(open.length);
    expect(dashboard.totals.suppressed).toEqual(bySeverity(suppressed));

    // Critical and high, open, on a digest that runs: one row per cluster.
    const deployed = deployedDigests(scenario);
    const expected = open
      .filter(
        f =>
          f.resourceType === 'AwsEcrContainerImage' &&
          (f.severity === 'CRITICAL' || f.severity === 'HIGH'),
      )
      .flatMap(f => {
        const service = scenario.services[f.serviceIndex];
        const release = service.releases[f.releaseIndex];
        return [...(deployed.get(`sha256:${release.digest}`) ?? [])].map(
          cluster => `${service.name} ${f.cve} ${cluster} ${release.version}`,
        );
      })
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const actual = dashboard.deployedVulnerable
      .map(
        d =>
          `${d.entityRef.replace('component:default/', '')} ${d.cve} ${
            d.cluster
          } ${d.imageTags[0] ?? ''}`,
      )
      .sort();
    expect(actual).toEqual(expected);

    // A service page lists its suppressed findings, and counts them apart.
    const index = suppressed.find(
      f => f.resourceType === 'AwsEcrContainerImage',
    )!.serviceIndex;
    const service = scenario.services[index];
    const res = await queries.entityFindings(entity(service.name));
    const own = (list: typeof active) =>
      list.filter(
        f =>
          f.serviceIndex === index && f.resourceType === 'AwsEcrContainerImage',
      );
    expect(res.counts.suppressed).toEqual(bySeverity(own(suppressed)));
    const sum = (c: Record<string, number>) =>
      Object.values(c).reduce((a, b) => a + b, 0);
    expect(sum(res.counts.running) + sum(res.counts.registryOnly)).toBe(
      own(open).length,
    );
    expect(
      res.findings.filter(f => f.workflowStatus === 'SUPPRESSED'),
    ).toHaveLength(own(suppressed).length);
    const summary = dashboard.services.find(
      s => s.entityRef === `component:default/${service.name}`,
    )!;
    expect(summary.suppressed).toBe(own(suppressed).length);
    expect(sum(summary.open)).toBe(own(open).length);

    // The full CSV export lists them with their status; the deployed-only one does not.
    const statusColumn = (csv: string) =>
      csv
        .trim()
        .split('\n')
        .slice(1)
        .filter(line => /,SUPPRESSED,/.test(line));
    expect(
      statusColumn(await queries.csv({ credentials: caller })),
    ).not.toHaveLength(0);
    expect(
      statusColumn(
        await queries.csv({ deployedOnly: true, credentials: caller }),
      ),
    ).toEqual([]);
  });

  it('serves the dashboard computed at the end of the run to every replica', async () => {
    const result = await ingestion.run();
    const finishedAt = Date.parse((await store.status()).lastRun!.finishedAt!);
    // Another replica: same database, nothing in its cache.
    const replica = createFindingsQueries({
      store,
      visibility,
      cache: mockServices.cache.mock({ get: async () => undefined }),
    });
    const [here, there] = await Promise.all([
      queries.dashboard(undefined, caller),
      replica.dashboard(undefined, caller),
    ]);
    expect(Date.parse(there.generatedAt)).toBeLessThanOrEqual(finishedAt);
    expect(there).toEqual(here);
    expect(there.totals.findings + sumCounts(there.totals.suppressed)).toBe(
      result.findings,
    );
  });

  it('backs off when SecurityHub throttles and resumes where it was', async () => {
    sim.faults.set('aws.securityhub', { status429RetryAfter: 1, count: 2 });
    const started = Date.now();
    const result = await ingestion.run();
    expect(result.ok).toBe(true);
    expect(result.findings).toBe(activeFindings().length);
    // Each throttled page waits its Retry-After (1 s) and resumes; the two 429s may hit the two
    // queries that run side by side (open findings, passed controls), so at least 1 s in all.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('throttled (TooManyRequestsException)'),
    );
  });

  it('keeps the last good findings when a run fails, and records why', async () => {
    const before = await store.status();
    const service = sim.scenario.services[0];
    const findingsBefore = (await queries.entityFindings(entity(service.name)))
      .findings.length;

    sim.faults.set('aws.securityhub', { errorRate: 1, errorStatus: 403 });
    const result = await ingestion.run();
    expect(result.ok).toBe(false);

    const status = await store.status();
    expect(status.lastSuccessAt).toBe(before.lastSuccessAt);
    expect(status.lastRun?.ok).toBe(false);
    expect(status.lastRun?.error).toMatch(/^SecurityHub GetFindings .* failed/);
    const after = await queries.entityFindings(entity(service.name));
    expect(after.findings).toHaveLength(findingsBefore);
    expect(after.status.lastRun?.ok).toBe(false);
  });

  it('does not attribute findings to no service while the catalog is still empty', async () => {
    const service = sim.scenario.services[0];
    const findingsBefore = (await queries.entityFindings(entity(service.name)))
      .findings.length;
    const early = createIngestion({
      ...ingestionOptions,
      catalog: catalogServiceMock({ entities: [] }),
    });
    const result = await early.run();
    expect(result).toMatchObject({ ok: false, catalogNotReady: true });
    expect(result.error).toMatch(/catalog still loading/);
    const after = await queries.entityFindings(entity(service.name));
    expect(after.findings).toHaveLength(findingsBefore);
  });

  it('says so when the catalog was still loading, so the task runs again', async () => {
    const full = catalogServiceMock({ entities });
    const first = entity(sim.scenario.services[0].name);
    const loading = Object.create(full);
    loading.getEntities = jest
      .fn()
      .mockResolvedValueOnce({ items: [first] })
      .mockImplementation((...args) => full.getEntities(...args));
    const early = createIngestion({ ...ingestionOptions, catalog: loading });
    const result = await early.run();
    expect(result).toMatchObject({ ok: true, catalogGrew: true });
    // Only the one Component known at the start has its findings mapped.
    const dashboard = await queries.dashboard(undefined, caller);
    expect(dashboard.services.map(s => s.entityRef)).toEqual([
      `component:default/${first.metadata.name}`,
    ]);

    const settled = await ingestion.run();
    expect(settled.catalogGrew).toBeUndefined();
    expect((await queries.dashboard(undefined, caller)).services).toHaveLength(
      sim.scenario.services.length,
    );
  });

  it('keeps a cluster’s running images when its API is down, and names it stale', async () => {
    const service = sim.scenario.services[0];
    const liveProd = (
      await queries.entityFindings(entity(service.name))
    ).findings.filter(f => f.running.some(r => r.cluster === 'prod')).length;
    sim.faults.set('kubernetes.prod', { errorRate: 1, errorStatus: 503 });
    const result = await ingestion.run();
    expect(result).toMatchObject({ ok: true, staleClusters: ['prod'] });
    const after = await queries.entityFindings(entity(service.name));
    expect(after.status.staleClusters).toEqual(['prod']);
    expect(
      after.findings.filter(f => f.running.some(r => r.cluster === 'prod')),
    ).toHaveLength(liveProd);
  });

  it('ingests SecurityHub findings when Inspector2 fails, as a partial run with the reason', async () => {
    const service = sim.scenario.services[0];
    const before = await queries.entityFindings(entity(service.name));
    sim.faults.set('aws.inspector2', { errorRate: 1, errorStatus: 500 });
    const result = await ingestion.run();
    expect(result).toMatchObject({
      ok: true,
      findings: activeFindings().length,
    });
    expect(result.partial).toMatch(
      /^Inspector detail unavailable: Inspector2 ListFindings .* failed/,
    );
    const after = await queries.entityFindings(entity(service.name));
    expect(after.status.lastRun).toMatchObject({
      ok: true,
      partial: result.partial,
    });
    expect(
      (await queries.dashboard(undefined, caller)).status.lastRun?.partial,
    ).toBe(result.partial);
    expect(after.findings).toHaveLength(before.findings.length);
    // Package details as SecurityHub carries them (Epoch, Version, Release as strings): the same
    // versions as Inspector's.
    expect(await expectVersionsAsWritten(after.findings)).toBeGreaterThan(0);
    expect(after.findings.map(f => f.packages)).toEqual(
      before.findings.map(f => f.packages),
    );

    sim.faults.clear();
    const healed = await ingestion.run();
    expect(healed.partial).toBeUndefined();
    expect((await store.status()).lastRun?.partial).toBeUndefined();
  });

  it('explains an ECR repository annotation that matches nothing', async () => {
    const base = entity(sim.scenario.services[0].name);
    const typo = {
      ...base,
      metadata: {
        ...base.metadata,
        annotations: {
          ...base.metadata.annotations,
          'aws.amazon.com/ecr-repository': 'payments/chekout-api',
        },
      },
    };
    const res = await queries.entityFindings(typo);
    expect(res.problems).toHaveLength(1);
    expect(res.problems[0].message).toMatch(
      /No Inspector finding and no running pod names ECR repository 'payments\/chekout-api'/,
    );
    const uri = {
      ...typo,
      metadata: {
        ...typo.metadata,
        annotations: {
          'aws.amazon.com/ecr-repository': `${sim.scenario.registry}/payments/api:1.2.3`,
        },
      },
    };
    expect((await queries.entityFindings(uri)).problems[0].message).toMatch(
      /without registry host, tag or digest \(here probably 'payments\/api'\)/,
    );
  });
});
