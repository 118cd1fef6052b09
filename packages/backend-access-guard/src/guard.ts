import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { explainRefusal } from '@internal/access-policy';
import { Request } from 'express';

/**
 * Records a refused request with the auditor (the actor comes from the request's credentials)
 * and returns the error to throw.
 *
 * @public
 */
export async function auditRefusal(
  auditor: AuditorService,
  req: Request,
  error: Error,
  meta: Record<string, string> = {},
): Promise<Error> {
  const event = await auditor.createEvent({
    eventId: 'request-refused',
    severityLevel: 'medium',
    request: req,
    meta: { method: req.method, path: req.originalUrl, ...meta },
  });
  await event.fail({ error, meta });
  return error;
}

/** @public */
export type AccessGuard = {
  /**
   * Authorizes the request's caller for a permission (with a resource ref for a resource
   * permission); resolves with the caller's credentials, or throws NotAllowedError with the
   * table's refusal text after auditing it.
   */
  require(
    req: Request,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ): Promise<BackstageCredentials>;
};

/**
 * The permission check every Pier route uses.
 *
 * @public
 */
export function createAccessGuard(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): AccessGuard {
  const { httpAuth, permissions, auditor } = deps;
  return {
    async require(req, permission, resourceRef) {
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize(
        [
          resourceRef !== undefined && permission.type === 'resource'
            ? { permission: permission as ResourcePermission, resourceRef }
            : { permission: permission as BasicPermission },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw await auditRefusal(
          auditor,
          req,
          new NotAllowedError(explainRefusal(permission.name)),
          {
            permission: permission.name,
            ...(resourceRef ? { resourceRef } : {}),
          },
        );
      }
      return credentials;
    },
  };
}
