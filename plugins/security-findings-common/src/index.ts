/**
 * Shared types, SLA rules and permissions of the security-findings
 * plugins (SecurityHub and Inspector findings per service, and the leads' dashboard).
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './sla';
export * from './types';
