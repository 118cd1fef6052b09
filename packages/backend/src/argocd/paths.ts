import { canonicalPath } from '@internal/backend-access-guard';

export { canonicalPath };

/** Whether a request path, however spelled, is the Argo CD backend's. */
export function isArgoCdPath(url: string): boolean {
  const path = canonicalPath(url);
  return path === '/api/argocd' || path.startsWith('/api/argocd/');
}

/** Whether a request path, however spelled, is a scheduler route (any plugin's, at any mount). */
export function isSchedulerPath(url: string): boolean {
  return /(^|\/)\.backstage\/scheduler(\/|$)/.test(canonicalPath(url));
}

/** GET and HEAD read; everything else may change an Argo CD application. */
export const ARGOCD_READ_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
]);
