import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { createAccessGuard, parseQuery } from '@internal/backend-access-guard';
import {
  APM_RANGES,
  ApmRange,
  datadogApmReadPermission,
} from '@internal/plugin-datadog-apm-common';
import express from 'express';
import Router from 'express-promise-router';
import { sendPrepared } from '@internal/backend-read-through-cache';
import { z } from 'zod';
import { DatadogApmService } from './services/ServiceApm';

const entityQuery = z
  .object({
    entityRef: z
      .string()
      .min(1)
      .max(400)
      .refine(
        ref => {
          try {
            parseEntityRef(ref);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'must be an entity ref like component:default/name' },
      ),
    range: z
      .enum(Object.keys(APM_RANGES) as [ApmRange, ...ApmRange[]])
      .default('1h'),
  })
  .strict();

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  apm: DatadogApmService;
}): Promise<express.Router> {
  const { apm } = options;
  const guard = createAccessGuard(options);
  const router = Router();

  router.get('/entity', async (req, res) => {
    const query = parseQuery(entityQuery, req.query);
    const credentials = await guard.require(req, datadogApmReadPermission);
    sendPrepared(req, res, await apm.getEntityBody({ ...query, credentials }));
  });

  return router;
}
