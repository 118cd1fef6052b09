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

  // One query and one permission for both: explanations follow the caller's view of the
  // deployments, as the overview does.
  const answers = {
    '/entity': options.overview.get,
    '/explanations': options.overview.explanations,
  };
  for (const [path, read] of Object.entries(answers)) {
    router.get(path, async (req, res) => {
      const { entityRef } = parseQuery(entityQuery, req.query);
      const credentials = await guard.require(
        req,
        serviceOverviewReadPermission,
      );
      res.json(await read(entityRef.toLocaleLowerCase('en-US'), credentials));
    });
  }

  return router;
}
