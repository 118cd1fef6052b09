/**
 * Shared types, the annotation constant and the permission of the deployments
 * board (Argo CD across both clusters, for reviewers).
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
