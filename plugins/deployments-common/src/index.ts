/**
 * Shared types and the permission of the deployments
 * board (Argo CD across both clusters, for reviewers).
 *
 * @packageDocumentation
 */
// Until the deployments backend imports them from there (issue 18): the annotation contract lives
// in @internal/catalog-annotations.
export {
  ARGOCD_APP_SELECTOR_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@internal/catalog-annotations';
export * from './permissions';
export * from './types';
