import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  createBackendPlugin,
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DashboardResponse,
  EntityFindingsResponse,
} from '@internal/plugin-security-findings-common';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import Router from 'express-promise-router';
import { simConfig } from './__testUtils__/simFixtures';
import { securityFindingsPlugin } from './plugin';

jest.setTimeout(60_000);

/** Stands in for the Kubernetes backend's proxy route (the real one is tested in packages/backend). */
function kubernetesProxyPlugin(sim: PlatformSim) {
  return createBackendPlugin({
    pluginId: 'kubernetes',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = Router();
          router.get('/proxy/*', async (req, res) => {
            const cluster = req.header(
              'backstage-kubernetes-cluster',
            ) as 'prod';
            const upstream = await fetch(
              `${sim.urls.kubernetes[cluster]}${req.url.replace(
                /^\/proxy/,
                '',
              )}`,
              { headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` } },
            );
            res.status(upstream.status).json(await upstream.json());
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

describe('security-findings backend', () => {
  let sim: PlatformSim;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const service = () => sim.scenario.services[0];
  const get = (path: string) =>
    request(backend.server)
      .get(`/api/security-findings${path}`)
      .set('authorization', mockCredentials.user.header());

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    backend = await startTestBackend({
      features: [
        securityFindingsPlugin,
        kubernetesProxyPlugin(sim),
        mockServices.rootConfig.factory({
          data: simConfig(sim, { schedule: { initialDelaySeconds: 3600 } }),
        }),
        catalogServiceMock.factory({
          entities: deriveCatalogEntities(sim.scenario),
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.stop();
  });

  it('says there is no data yet before the first ingestion', async () => {
    const res = await get('/dashboard');
    expect(res.status).toBe(200);
    const body = res.body as DashboardResponse;
    expect(body.status.lastSuccessAt).toBeUndefined();
    expect(body.totals.findings).toBe(0);
    const entity = await get(
      `/entity?entityRef=component:default/${service().name}`,
    );
    expect(entity.status).toBe(200);
    expect((entity.body as EntityFindingsResponse).findings).toEqual([]);
  });

  it('rejects bad input and anonymous callers', async () => {
    expect((await get('/entity?entityRef=')).status).toBe(400);
    expect((await get('/entity?entityRef=component:default/nope')).status).toBe(
      404,
    );
    expect((await get('/dashboard?colour=red')).status).toBe(400);
    const anonymous = await request(backend.server)
      .get('/api/security-findings/dashboard')
      .set('authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});

describe('security-findings permissions', () => {
  it('refuses the dashboard and entity findings when the policy denies them', async () => {
    const denied = await startTestBackend({
      features: [
        securityFindingsPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    try {
      for (const path of [
        '/dashboard',
        '/dashboard/findings.csv',
        '/entity?entityRef=component:default/checkout-api',
      ]) {
        const res = await request(denied.server)
          .get(`/api/security-findings${path}`)
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(
          /^Only .* may read .*; ask the platform team \(platform@example.com\) to add you to the /,
        );
      }
    } finally {
      await denied.stop();
    }
  });
});

/** A person for whom the catalog (as the permission policy would) hides one service. */
const RESTRICTED = 'user:default/restricted';

/** The in-memory catalog, except that RESTRICTED cannot read the entity `hidden()` names. */
function catalogHiding(entities: Entity[], hidden: () => string | undefined) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const catalog = catalogServiceMock({ entities });
      const byRefs = catalog.getEntitiesByRefs.bind(catalog);
      const byRef = catalog.getEntityByRef.bind(catalog);
      const hides = (options: unknown, entity?: Entity) =>
        !!entity &&
        (
          (options as { credentials?: BackstageCredentials })?.credentials
            ?.principal as { userEntityRef?: string } | undefined
        )?.userEntityRef === RESTRICTED &&
        stringifyEntityRef(entity) === hidden();
      catalog.getEntitiesByRefs = async (req, options) => ({
        items: (await byRefs(req, options)).items.map(e =>
          hides(options, e) ? undefined : e,
        ),
      });
      catalog.getEntityByRef = async (ref, options) => {
        const e = await byRef(ref, options);
        return hides(options, e) ? undefined : e;
      };
      return catalog;
    },
  });
}

describe('security-findings: each caller sees only the services the catalog lets them read', () => {
  let sim: PlatformSim;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let hidden: string | undefined;
  const get = (path: string, user?: string) =>
    request(backend.server)
      .get(`/api/security-findings${path}`)
      .set('authorization', mockCredentials.user.header(user));

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    backend = await startTestBackend({
      features: [
        securityFindingsPlugin,
        kubernetesProxyPlugin(sim),
        mockServices.rootConfig.factory({ data: simConfig(sim) }),
        // The ingestion runs once at start-up, then the dashboard is the stored snapshot.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogHiding(deriveCatalogEntities(sim.scenario), () => hidden),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.stop();
  });

  it('leaves the hidden service out of the dashboard, its team row and the CSV, for that caller only', async () => {
    const seeing = (await get('/dashboard')).body as DashboardResponse;
    expect(seeing.services.length).toBeGreaterThan(1);
    // Hide the service with the most running critical/high findings (it is on every list).
    const target = seeing.services[0];
    hidden = target.entityRef;
    const restrictedRes = await get('/dashboard', RESTRICTED);
    expect(restrictedRes.status).toBe(200);
    const restricted = restrictedRes.body as DashboardResponse;
    // Same precomputed snapshot, filtered per caller.
    expect(restricted.generatedAt).toBe(seeing.generatedAt);
    expect(restricted.services.map(s => s.entityRef)).toEqual(
      seeing.services.map(s => s.entityRef).filter(r => r !== hidden),
    );
    expect(seeing.deployedVulnerable.some(v => v.entityRef === hidden)).toBe(
      true,
    );
    expect(
      restricted.deployedVulnerable.some(v => v.entityRef === hidden),
    ).toBe(false);
    // Its team's row no longer counts it; other teams are untouched.
    const team = (d: DashboardResponse) =>
      d.teams.find(t => t.owner === target.owner);
    const before = team(seeing)!;
    expect(team(restricted)).toEqual(
      before.services === 1
        ? undefined
        : {
            ...before,
            services: before.services - 1,
            open: Object.fromEntries(
              Object.entries(before.open).map(([severity, n]) => [
                severity,
                n - target.open[severity as keyof typeof target.open],
              ]),
            ),
            runningCriticalHigh:
              before.runningCriticalHigh - target.runningCriticalHigh,
            slaBreaches: before.slaBreaches - target.slaBreaches,
          },
    );
    expect(restricted.teams.filter(t => t.owner !== target.owner)).toEqual(
      seeing.teams.filter(t => t.owner !== target.owner),
    );
    // Org-wide aggregates name no service: the same for everyone.
    expect(restricted.totals).toEqual(seeing.totals);

    // The seeing caller still gets it, after the restricted one asked.
    expect(
      ((await get('/dashboard')).body as DashboardResponse).services.some(
        s => s.entityRef === hidden,
      ),
    ).toBe(true);

    const service = (csv: string) =>
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map(line => line.split(',')[0]);
    const hiddenRef = hidden;
    for (const query of ['', '?deployed=true']) {
      const all = service((await get(`/dashboard/findings.csv${query}`)).text);
      expect(all).toContain(hiddenRef);
      const mine = service(
        (await get(`/dashboard/findings.csv${query}`, RESTRICTED)).text,
      );
      expect(mine).not.toContain(hiddenRef);
      expect(mine).toEqual(all.filter(r => r !== hiddenRef));
    }
    // The entity tab reads the entity as the caller: not found for them.
    expect((await get(`/entity?entityRef=${hidden}`, RESTRICTED)).status).toBe(
      404,
    );
  });
});
