/**
 * Argo CD label selector that finds a service's application in every Argo CD
 * instance (one per cluster). The same annotation the Roadie Argo CD plugin reads.
 *
 * @public
 */
export const ARGOCD_APP_SELECTOR_ANNOTATION = 'argocd/app-selector';
