import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  createAccessGuard,
  EntityReader,
  parseQuery,
} from '@internal/backend-access-guard';
import { KUBERNETES_NAMESPACE_ANNOTATION } from '@internal/catalog-annotations';
import {
  platformCostDashboardReadPermission,
  platformCostEntityReadPermission,
  EntityCost,
} from '@internal/plugin-platform-cost-common';
import {
  ProcessSnapshots,
  sendPrepared,
} from '@internal/backend-read-through-cache';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { kubernetesIdOf } from './services/Catalog';
import {
  CallerDashboards,
  CostReports,
  DASHBOARD_RANGES,
} from './services/Dashboard';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The caller's by-ref reads (createEntityMemo over the catalog). */
  catalog: EntityReader<Entity>;
  reports: CostReports;
  dashboards: CallerDashboards;
  clusters: string[];
}): Promise<express.Router> {
  const { catalog, reports, dashboards, clusters } = options;
  const guard = createAccessGuard(options);
  const router = Router();

  const dashboardQuery = z
    .object({
      cluster: z.enum(['all', ...clusters] as [string, ...string[]]).optional(),
      days: z
        .enum(DASHBOARD_RANGES.map(String) as [string, ...string[]])
        .default('30'),
    })
    .strict();

  router.get('/dashboard', async (req, res) => {
    const query = parseQuery(dashboardQuery, req.query);
    const credentials = await guard.require(
      req,
      platformCostDashboardReadPermission,
    );
    sendPrepared(
      req,
      res,
      await dashboards.dashboardBody(
        { cluster: query.cluster, days: Number(query.days) },
        credentials,
      ),
    );
  });

  const entityQuery = z
    .object({ entityRef: z.string().min(3).max(253) })
    .strict();

  // A service's cost changes once per snapshot (hourly): read it at most every 2 s per service,
  // shared by everyone viewing it meanwhile.
  const recentCosts = new ProcessSnapshots<EntityCost>(2_000);

  router.get('/entity', async (req, res) => {
    const { entityRef } = parseQuery(entityQuery, req.query);
    // A resource permission: the service's owning team, reviewers, leads, the platform team.
    const credentials = await guard.require(
      req,
      platformCostEntityReadPermission,
      entityRef,
    );
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No catalog entity ${entityRef}`);
    const query = {
      entityRef,
      kubernetesId: kubernetesIdOf(entity),
      namespace: entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION],
    };
    res.json(
      await recentCosts.get(JSON.stringify(query), () =>
        reports.entityCost(query),
      ),
    );
  });

  return router;
}
