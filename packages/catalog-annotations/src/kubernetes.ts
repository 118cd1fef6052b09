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
