/**
 * The Datadog client every Pier backend plugin that reads Datadog shares.
 *
 * @packageDocumentation
 */
export * from './createDatadogClient';
export * from './datadogClientServiceRef';
export * from './errors';
export * from './readDatadogConnection';
export * from './sites';
