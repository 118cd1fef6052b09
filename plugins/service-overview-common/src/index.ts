/**
 * Types and permission of the service overview: is the service deployed, healthy, safe and
 * affordable in each cluster, and did the last deploy make it worse.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
