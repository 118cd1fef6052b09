import { canonicalPath } from '@internal/backend-access-guard';

export { canonicalPath };

/** Whether a request path, however spelled, is the Argo CD backend's. */
export function isArgoCdPath(url: string): boolean {
  const path = canonicalPath(url);
  return path === '/api/argocd' || path.startsWith('/api/argocd/');
}

/** GET and HEAD read; everything else may change an Argo CD application. */
export const ARGOCD_READ_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
]);
