import {
  AuditorService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { createPermission } from '@backstage/plugin-permission-common';
import {
  ARGOCD_READ_PERMISSION_NAME,
  capabilityById,
} from '@internal/access-policy';
import {
  auditRefusal,
  createAccessGuard,
} from '@internal/backend-access-guard';
import { RequestHandler } from 'express';
import { ARGOCD_READ_METHODS, isArgoCdPath, isSchedulerPath } from './paths';

/**
 * Pier's permission for Argo CD reads through the Roadie backend, which has none of its own.
 */
export const argoCdReadPermission = createPermission({
  name: ARGOCD_READ_PERMISSION_NAME,
  attributes: { action: 'read' },
});

const mutationRefusal = () =>
  new NotAllowedError(capabilityById('argocd.mutate').refusal);

/**
 * Argo CD through the Roadie backend, read-only, in two layers that share one auditor:
 *
 * - `rootMiddleware` (rootHttpRouter, before every plugin): refuses every method but GET/HEAD on a
 *   path that is the Argo CD backend's whatever its spelling (case, repeated or trailing slashes,
 *   dot segments, percent-encoding incl. %2F and double encoding: see paths.ts);
 * - `module` (a module of the `argocd` plugin: modules initialise before their plugin, so its
 *   middleware is in the plugin's router before every Roadie route and sees every request Express
 *   routes there): refuses the same mutations again, and requires Pier's
 *   `argocd.application.read` permission with the caller's credentials for reads.
 *
 * The root middleware also refuses every method but GET/HEAD on any plugin's
 * `/.backstage/scheduler/` routes (trigger/cancel a scheduled job), which Backstage leaves open to
 * every signed-in person.
 *
 * Every refusal goes through the auditor (with the actor).
 */
export function createArgoCdGuard() {
  let auditor: AuditorService | undefined;

  const rootMiddleware: RequestHandler = (req, _res, next) => {
    if (ARGOCD_READ_METHODS.has(req.method)) {
      next();
      return;
    }
    let capability: string;
    if (isArgoCdPath(req.originalUrl)) {
      capability = 'argocd.mutate';
    } else if (isSchedulerPath(req.originalUrl)) {
      // Every plugin's scheduler exposes trigger/cancel routes to any signed-in person.
      capability = 'scheduler.trigger';
    } else {
      next();
      return;
    }
    const error = new NotAllowedError(capabilityById(capability).refusal);
    if (!auditor) {
      next(error);
      return;
    }
    auditRefusal(auditor, req, error, { capability }).then(
      () => next(error),
      () => next(error),
    );
  };

  const module = createBackendModule({
    pluginId: 'argocd',
    moduleId: 'pier-guard',
    register(reg) {
      reg.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          auditor: coreServices.auditor,
        },
        async init({ httpRouter, permissionsRegistry, ...deps }) {
          auditor = deps.auditor;
          permissionsRegistry.addPermissions([argoCdReadPermission]);
          const guard = createAccessGuard(deps);
          httpRouter.use(async (req, _res, next) => {
            try {
              if (!ARGOCD_READ_METHODS.has(req.method)) {
                throw await auditRefusal(deps.auditor, req, mutationRefusal(), {
                  capability: 'argocd.mutate',
                });
              }
              await guard.require(req, argoCdReadPermission);
              next();
            } catch (error) {
              next(error);
            }
          });
        },
      });
    },
  });

  return { rootMiddleware, module };
}
