/**
 * Shared types and permission of the platform-cost plugins.
 *
 * @packageDocumentation
 */
export * from './nodepools';
export * from './permissions';
export * from './types';
