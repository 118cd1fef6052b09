import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';
import { authorizeCredentials } from './actions';

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

/** A person's ALLOW answers are reused this long, as the entity visibility memo is. */
const ALLOW_MEMO_MS = 10_000;
const MAX_ALLOW_MEMO = 5_000;

/**
 * ALLOW decisions per person, permission and resource, for a few seconds: a page that polls, or a
 * board read 50 times a minute, asks the permission backend once per period. Only people (user
 * principals) and only ALLOWs: a refusal is always asked again (and audited); a policy or group
 * change is seen within `ms`.
 */
function createAllowMemo(ms: number, now: () => number = Date.now) {
  const memo = new Map<string, number>();
  return {
    keyOf(
      credentials: BackstageCredentials,
      permission: string,
      resourceRef?: string,
    ): string | undefined {
      const principal = credentials.principal as {
        type?: string;
        userEntityRef?: string;
      };
      if (ms <= 0 || principal?.type !== 'user' || !principal.userEntityRef) {
        return undefined;
      }
      return `${principal.userEntityRef}\n${permission}\n${resourceRef ?? ''}`;
    },
    has(key: string) {
      const until = memo.get(key);
      if (until === undefined) return false;
      if (until > now()) return true;
      memo.delete(key);
      return false;
    },
    add(key: string) {
      if (memo.size >= MAX_ALLOW_MEMO) memo.delete(memo.keys().next().value!);
      memo.set(key, now() + ms);
    },
  };
}

/**
 * The permission check every Pier route uses.
 *
 * @public
 */
export function createAccessGuard(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** How long a person's ALLOW is reused for the same permission and resource (default 10 s, 0 off). */
  memoMs?: number;
  now?: () => number;
}): AccessGuard {
  const { httpAuth, permissions, auditor } = deps;
  const allowed = createAllowMemo(deps.memoMs ?? ALLOW_MEMO_MS, deps.now);
  return {
    async require(req, permission, resourceRef) {
      const credentials = await httpAuth.credentials(req);
      const key = allowed.keyOf(credentials, permission.name, resourceRef);
      if (key && allowed.has(key)) return credentials;
      try {
        await authorizeCredentials(
          permissions,
          credentials,
          permission,
          resourceRef,
        );
      } catch (error) {
        if (!(error instanceof NotAllowedError)) throw error;
        throw await auditRefusal(auditor, req, error, {
          permission: permission.name,
          ...(resourceRef ? { resourceRef } : {}),
        });
      }
      if (key) allowed.add(key);
      return credentials;
    },
  };
}
