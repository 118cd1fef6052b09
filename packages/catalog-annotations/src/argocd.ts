/**
 * Argo CD label selector that finds a service's application in every Argo CD
 * instance (one per cluster). The same annotation the Roadie Argo CD plugin reads.
 *
 * @public
 */
export const ARGOCD_APP_SELECTOR_ANNOTATION = 'argocd/app-selector';

/**
 * Name of the service's Argo CD application (Roadie's Argo CD plugin): looked up in every
 * instance unless {@link ARGOCD_INSTANCE_NAME_ANNOTATION} names one.
 *
 * @public
 */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';

/**
 * Argo CD instance (as configured in `argocd.appLocatorMethods`) that holds the application
 * (Roadie's Argo CD plugin).
 *
 * @public
 */
export const ARGOCD_INSTANCE_NAME_ANNOTATION = 'argocd/instance-name';

/**
 * Namespace of the Argo CD application resource, when Argo CD manages applications in any
 * namespace (Roadie's Argo CD plugin).
 *
 * @public
 */
export const ARGOCD_APP_NAMESPACE_ANNOTATION = 'argocd/app-namespace';
