import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
  board: DeploymentsBoardService;
}): Promise<express.Router> {
  const { httpAuth, permissions, board } = options;
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
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: deploymentsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read the deployments board');
    }
    res.json(await board.getBoard(parsed.data));
  });

  return router;
}
