import {
  AuditorService,
  AuthService,
  DiscoveryService,
  HttpAuthService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { auditRefusal, canonicalPath } from '@internal/backend-access-guard';
import express from 'express';
import Router from 'express-promise-router';
import { readTemplateFiles } from './services/templateFiles';
import { TemplateRuns } from './services/templateRuns';

/** The scaffolder's task-creation route, as the guard matches it (canonical path). */
const TASK_CREATION = '/v2/tasks';

/**
 * Runs before the scaffolder's own routes (this module's httpRouter middleware is installed first:
 * modules initialise before their plugin): `POST /v2/tasks`, whatever the spelling of its path, is
 * checked here — may the caller run this template, and choose this owner? — and refused with 403
 * and the reason before any task exists. Matched as middleware on method + canonical path, not as
 * a route, so a spelling Express would route to the scaffolder cannot slip past.
 */
export function createTaskCreationGuard(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  runs: TemplateRuns;
}): express.RequestHandler {
  const { httpAuth, auditor, runs } = options;
  const json = express.json({ limit: '10mb' });
  return (req, res, next) => {
    if (req.method !== 'POST' || canonicalPath(req.url) !== TASK_CREATION) {
      next();
      return;
    }
    json(req, res, async err => {
      if (err) {
        next(err);
        return;
      }
      try {
        const credentials = await httpAuth.credentials(req);
        const templateRef = req.body?.templateRef;
        if (typeof templateRef !== 'string') {
          throw new InputError('templateRef is required');
        }
        try {
          await runs.check(credentials, templateRef, req.body?.values);
        } catch (e) {
          if (e instanceof NotAllowedError) {
            throw await auditRefusal(auditor, req, e, { templateRef });
          }
          throw e;
        }
        next();
      } catch (e) {
        next(e);
      }
    });
  };
}

/** Mounted under the scaffolder's base path: `/api/scaffolder/platform/...`. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auth: AuthService;
  discovery: DiscoveryService;
  auditor: AuditorService;
  catalog: CatalogService;
  reader: UrlReaderService;
  runs: TemplateRuns;
}): Promise<express.Router> {
  const { httpAuth, auth, discovery, auditor, catalog, reader, runs } = options;
  const router = Router();

  const templateRefOf = (req: express.Request) =>
    stringifyEntityRef({
      kind: 'Template',
      namespace: req.params.namespace,
      name: req.params.name,
    });

  router.get('/platform/templates/:namespace/:name/files', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const ref = templateRefOf(req);
    const template = await catalog.getEntityByRef(ref, { credentials });
    if (!template) throw new NotFoundError(`No template ${ref}`);
    res.json({ files: await readTemplateFiles(template, reader) });
  });

  // The teams the caller may choose as owner (the form's owner picker), computed by the same
  // function that checks task creation.
  router.get('/platform/owners', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ owners: await runs.ownerChoices(credentials) });
  });

  // The form's preview: the catalog's template (as the caller sees it) and its files, the same
  // run/owner check as task creation, then the scaffolder's dry-run as Pier itself — so a person
  // needs no permission to dry-run an inline template of their own.
  router.post(
    '/platform/templates/:namespace/:name/preview',
    express.json({ limit: '1mb' }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const body = req.body ?? {};
      const extra = Object.keys(body).filter(k => k !== 'values');
      if (
        extra.length ||
        typeof body.values !== 'object' ||
        body.values === null ||
        Array.isArray(body.values)
      ) {
        throw new InputError(
          'The preview takes {"values": {...}} only: the template and its files come from the catalog',
        );
      }
      const ref = templateRefOf(req);
      let template;
      try {
        template = await runs.check(credentials, ref, body.values);
      } catch (e) {
        if (e instanceof NotAllowedError) {
          throw await auditRefusal(auditor, req, e, { templateRef: ref });
        }
        throw e;
      }
      const directoryContents = await readTemplateFiles(template, reader);
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'scaffolder',
      });
      const dryRun = await fetch(
        `${await discovery.getBaseUrl('scaffolder')}/v2/dry-run`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            template,
            values: body.values,
            directoryContents,
          }),
        },
      );
      res
        .status(dryRun.status)
        .type('application/json')
        .send(await dryRun.text());
    },
  );
  return router;
}
