/**
 * Shared types, annotation constants and the permission of the Datadog APM plugin.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './embeds';
