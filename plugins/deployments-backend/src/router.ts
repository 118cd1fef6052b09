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
import {
  BoardBody,
  DeploymentsBoardService,
} from './services/DeploymentsBoard';

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

/**
 * Sends a prepared answer: gzipped when the caller takes it (the compression middleware leaves an
 * encoded answer alone), with its tag set, so express neither hashes nor compresses the ~1 MB board
 * again per request, and answers a fresh cache with 304.
 */
function send(req: express.Request, res: express.Response, body: BoardBody) {
  res.type('application/json').vary('Accept-Encoding');
  if (
    body.json.length >= 1024 &&
    req.acceptsEncodings('gzip', 'identity') === 'gzip'
  ) {
    const gzipped = body.gzipped();
    res
      .set({ 'Content-Encoding': 'gzip', ETag: gzipped.etag })
      .send(gzipped.body);
    return;
  }
  res.set('ETag', body.etag).send(body.json);
}

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
    send(req, res, await board.getBoardJson(query, credentials));
  });

  return router;
}
