import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { ACCESS_CONTACT } from '@internal/access-policy';
import { auditRefusal, canonicalPath } from '@internal/backend-access-guard';
import express, { RequestHandler } from 'express';

/** A custom resource as the Kubernetes backend's `/resources/custom/query` names it. */
export interface CustomResourceRef {
  group: string;
  apiVersion: string;
  plural: string;
}

const key = (r: CustomResourceRef) =>
  `${r.group}/${r.apiVersion}/${r.plural}`.toLocaleLowerCase('en-US');

/** The custom resources Pier's config lets the Kubernetes tab read (`kubernetes.customResources`). */
export function configuredCustomResources(config: Config): CustomResourceRef[] {
  return (
    config.getOptionalConfigArray('kubernetes.customResources') ?? []
  ).map(c => ({
    group: c.getString('group'),
    apiVersion: c.getString('apiVersion'),
    plural: c.getString('plural'),
  }));
}

/**
 * The Kubernetes backend's `POST /resources/custom/query` lists whatever kinds the request names
 * (`customResources: [{group: '', apiVersion: 'v1', plural: 'secrets'}]` reads Secrets) with
 * Pier's cluster credentials: the Kubernetes proxy by another door. This middleware, in the
 * kubernetes plugin's router before its routes, lets through only the kinds Pier's config names;
 * anything else is refused (403, audited) whatever the spelling of the path.
 */
export function customResourceQueryGuard(options: {
  allowed: CustomResourceRef[];
  refuse: (req: express.Request, error: Error) => Promise<Error>;
}): RequestHandler {
  const allowed = new Set(options.allowed.map(key));
  const parseJson = express.json({ limit: '1mb' });
  return (req, res, next) => {
    if (canonicalPath(req.path) !== '/resources/custom/query') {
      next();
      return;
    }
    parseJson(req, res, async parseError => {
      if (parseError) {
        next(parseError);
        return;
      }
      const requested: unknown = req.body?.customResources;
      const list = Array.isArray(requested) ? requested : [];
      const refused = list.filter(
        (r: any) =>
          typeof r !== 'object' ||
          r === null ||
          !allowed.has(
            key({
              group: String(r.group ?? ''),
              apiVersion: String(r.apiVersion ?? ''),
              plural: String(r.plural ?? ''),
            }),
          ),
      );
      if (!Array.isArray(requested) || refused.length > 0) {
        const names = refused
          .map((r: any) => `${r?.group || 'core'}/${r?.plural ?? '?'}`)
          .join(', ');
        next(
          await options.refuse(
            req,
            new NotAllowedError(
              `Pier reads only the workloads and the custom resources its config names for you${
                names ? `, not ${names}` : ''
              }; ask ${ACCESS_CONTACT} to add a kind to kubernetes.customResources.`,
            ),
          ),
        );
        return;
      }
      next();
    });
  };
}

/** The guard above as a module of the `kubernetes` plugin (modules initialise before their plugin). */
export const kubernetesCustomResourceGuard = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'pier-custom-resource-guard',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
      },
      async init({ config, httpRouter, auditor }) {
        httpRouter.use(
          customResourceQueryGuard({
            allowed: configuredCustomResources(config),
            refuse: (req, error) =>
              auditRefusal(auditor, req, error, {
                capability: 'kubernetes.proxy',
              }),
          }),
        );
      },
    });
  },
});
