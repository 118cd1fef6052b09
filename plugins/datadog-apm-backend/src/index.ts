/**
 * Datadog APM backend: service metrics, monitors and SLOs, cached and coalesced.
 *
 * @packageDocumentation
 */
export { datadogApmPlugin as default } from './plugin';
