/**
 * Shared types and the permission of the deployments
 * board (Argo CD across both clusters, for reviewers).
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
export * from './urgency';
