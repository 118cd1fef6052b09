/**
 * The deployments board backend: every service × cluster from each cluster's Argo CD.
 *
 * @packageDocumentation
 */
export { deploymentsPlugin as default } from './plugin';
