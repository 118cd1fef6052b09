import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createAccessGuard, parseQuery } from '@internal/backend-access-guard';
import { serviceOverviewReadPermission } from '@internal/plugin-service-overview-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ServiceOverviewService } from './services/Overview';

const entityQuery = z
  .object({
    entityRef: z
      .string()
      .min(3)
      .max(253)
      .regex(/^[a-z0-9-_.]+:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i, {
        message: 'an entity ref like component:default/payments-api',
      }),
  })
  .strict();

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  overview: ServiceOverviewService;
}): Promise<express.Router> {
  const guard = createAccessGuard(options);
  const router = Router();

  router.get('/entity', async (req, res) => {
    const { entityRef } = parseQuery(entityQuery, req.query);
    const credentials = await guard.require(req, serviceOverviewReadPermission);
    res.json(
      await options.overview.get(
        entityRef.toLocaleLowerCase('en-US'),
        credentials,
      ),
    );
  });

  // The same access as the overview: explanations follow the caller's view of the deployments.
  router.get('/explanations', async (req, res) => {
    const { entityRef } = parseQuery(entityQuery, req.query);
    const credentials = await guard.require(req, serviceOverviewReadPermission);
    res.json(
      await options.overview.explanations(
        entityRef.toLocaleLowerCase('en-US'),
        credentials,
      ),
    );
  });

  return router;
}
