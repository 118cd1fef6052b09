import { NotAllowedError } from '@backstage/errors';
import { RequestHandler } from 'express';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The Roadie Argo CD backend also exposes create, update, sync and delete routes without permission
 * checks. In a GitOps shop a change is a commit, so Pier refuses every mutating call to it, for everyone.
 */
export function denyArgoCdMutations(): RequestHandler {
  return (req, _res, next) => {
    if (req.path.startsWith('/api/argocd/') && !READ_METHODS.has(req.method)) {
      next(
        new NotAllowedError(
          'Pier does not change Argo CD applications: commit the change to the GitOps repository instead',
        ),
      );
      return;
    }
    next();
  };
}
