import {
  HttpAuthService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { readTemplateFiles } from './services/templateFiles';

/** Mounted under the scaffolder's base path: `/api/scaffolder/platform/...`. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  reader: UrlReaderService;
}): Promise<express.Router> {
  const { httpAuth, catalog, reader } = options;
  const router = Router();
  router.get(
    '/platform/templates/:namespace/:name/files',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const ref = stringifyEntityRef({
        kind: 'Template',
        namespace: req.params.namespace,
        name: req.params.name,
      });
      const template = await catalog.getEntityByRef(ref, { credentials });
      if (!template) throw new NotFoundError(`No template ${ref}`);
      res.json({ files: await readTemplateFiles(template, reader) });
    },
  );
  return router;
}
