import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  createAccessGuard,
  EntityReader,
  parseQuery,
} from '@internal/backend-access-guard';
import {
  securityFindingsDashboardReadPermission,
  securityFindingsEntityReadPermission,
} from '@internal/plugin-security-findings-common';
import { sendPrepared } from '@internal/backend-read-through-cache';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { FindingsQueries } from './services/Dashboard';

const entityRefSchema = z
  .string()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(parseEntityRef(value));
    } catch {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be an entity reference like component:default/checkout-api',
      });
      return z.NEVER;
    }
  });
const ownerSchema = z
  .string()
  .min(1)
  .max(255)
  .transform(value =>
    stringifyEntityRef(parseEntityRef(value, { defaultKind: 'group' })),
  );

const entityQuery = z.object({ entityRef: entityRefSchema }).strict();
const dashboardQuery = z.object({ owner: ownerSchema.optional() }).strict();
const csvQuery = z
  .object({
    owner: ownerSchema.optional(),
    deployed: z.enum(['true', 'false']).optional(),
  })
  .strict();

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The caller's by-ref reads (createEntityMemo over the catalog). */
  catalog: EntityReader<Entity>;
  queries: FindingsQueries;
}): Promise<express.Router> {
  const { catalog, queries } = options;
  const guard = createAccessGuard(options);
  const router = Router();

  const requireDashboard = (req: express.Request) =>
    guard.require(req, securityFindingsDashboardReadPermission);

  router.get('/entity', async (req, res) => {
    const { entityRef } = parseQuery(entityQuery, req.query);
    const credentials = await guard.require(
      req,
      securityFindingsEntityReadPermission,
      entityRef,
    );
    // Read as the user: an entity they cannot see in the catalog is not found here either.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No catalog entity ${entityRef}`);
    res.json(await queries.entityFindings(entity));
  });

  router.get('/dashboard', async (req, res) => {
    const { owner } = parseQuery(dashboardQuery, req.query);
    const credentials = await requireDashboard(req);
    sendPrepared(req, res, await queries.dashboardBody(owner, credentials));
  });

  router.get('/compliance', async (req, res) => {
    parseQuery(z.object({}).strict(), req.query);
    await requireDashboard(req);
    res.json(await queries.compliance());
  });

  router.get('/dashboard/findings.csv', async (req, res) => {
    const { owner, deployed } = parseQuery(csvQuery, req.query);
    const credentials = await requireDashboard(req);
    const csv = await queries.csv({
      owner,
      deployedOnly: deployed === 'true',
      credentials,
    });
    res
      .type('text/csv')
      .attachment(
        `security-findings${deployed === 'true' ? '-deployed' : ''}.csv`,
      )
      .send(csv);
  });

  return router;
}
