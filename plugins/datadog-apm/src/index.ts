/**
 * Datadog APM on the service page: a card on the overview and a Datadog tab.
 *
 * @packageDocumentation
 */
export { datadogApmPlugin as default } from './plugin';
export { datadogApmApiRef, DatadogApmClient } from './api';
export type { DatadogApmApi } from './api';
