/**
 * The deployments board: every service × both clusters, from Argo CD.
 *
 * @packageDocumentation
 */
export { deploymentsPlugin as default } from './plugin';
export { deploymentsApiRef, DeploymentsClient } from './api';
export type { DeploymentsApi } from './api';
