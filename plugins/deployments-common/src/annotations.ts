/**
 * Argo CD label selector that finds a service's application in every Argo CD
 * instance (one per cluster). The same annotation the Roadie Argo CD plugin reads.
 *
 * @public
 */
export const ARGOCD_APP_SELECTOR_ANNOTATION = 'argocd/app-selector';

/**
 * Value of the `backstage.io/kubernetes-id` label on the service's workloads (the entity name when
 * absent), as the Kubernetes plugin reads it.
 *
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * Namespace of the service's workloads.
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
