import { Express } from 'express';
import { createArgoCdGuard } from './argocd/readOnlyArgoCd';
import { kubernetesCustomResourceGuard } from './kubernetes/customResourceGuard';

/**
 * Pier's guards around third-party plugins that have no permission checks of their own, in one
 * place so the backend (index.ts) and the route sweep install exactly the same ones:
 *
 * - `installRoot(app)`: root middleware before every plugin (Argo CD mutations and the plugins'
 *   scheduler routes refused whatever the spelling of the path);
 * - `modules`: middleware inside the argocd router (reads need argocd.application.read) and the
 *   kubernetes router (custom-resource queries only for the kinds config names).
 */
export function createPierGuards() {
  const argoCd = createArgoCdGuard();
  return {
    installRoot(app: Express) {
      app.use(argoCd.rootMiddleware);
    },
    modules: [argoCd.module, kubernetesCustomResourceGuard],
  };
}
