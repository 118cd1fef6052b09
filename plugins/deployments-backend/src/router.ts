import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createAccessGuard, parseQuery } from '@internal/backend-access-guard';
import {
  BOARD_STATUS_FILTERS,
  BoardStatusFilter,
  deploymentsReadPermission,
} from '@internal/plugin-deployments-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { sendPrepared } from '@internal/backend-read-through-cache';
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
    const query = parseQuery(boardQuery, req.query);
    const credentials = await guard.require(req, deploymentsReadPermission);
    sendPrepared(req, res, await board.getBoardJson(query, credentials));
  });

  return router;
}
