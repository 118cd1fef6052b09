import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createAccessGuard } from '@internal/backend-access-guard';
import {
  BOARD_STATUS_FILTERS,
  BoardStatusFilter,
  deploymentsReadPermission,
} from '@internal/plugin-deployments-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { DeploymentsBoardService } from './services/DeploymentsBoard';

const boardQuery = z
  .object({
    cluster: z.string().min(1).max(63).optional(),
    owner: z.string().min(1).max(253).optional(),
    status: z
      .enum(BOARD_STATUS_FILTERS as [BoardStatusFilter, ...BoardStatusFilter[]])
      .optional(),
    entityRef: z.string().min(1).max(253).optional(),
  })
  .strict();

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  board: DeploymentsBoardService;
}): Promise<express.Router> {
  const { board } = options;
  const guard = createAccessGuard(options);
  const router = Router();

  router.get('/board', async (req, res) => {
    const parsed = boardQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        `Invalid query: ${parsed.error.issues
          .map(i => `${i.path.join('.') || 'query'}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const credentials = await guard.require(req, deploymentsReadPermission);
    const { json, etag } = await board.getBoardJson(parsed.data, credentials);
    // With the tag set, express neither hashes the body again nor sends it to a fresh cache (304).
    res.type('application/json').set('ETag', etag).send(json);
  });

  return router;
}
