/**
 * The permission check Pier's backend routes share, and the canonical form of a request path that
 * guards match on (so no spelling of a path slips past them).
 *
 * @packageDocumentation
 */
export * from './guard';
export * from './paths';
