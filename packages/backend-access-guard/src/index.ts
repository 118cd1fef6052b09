/**
 * The permission check and query parsing Pier's backend routes share, and the canonical form of a request path that
 * guards match on (so no spelling of a path slips past them), and which catalog entities a caller may
 * see (boards and dashboards filter their shared answers with it).
 *
 * @packageDocumentation
 */
export * from './actions';
export * from './entities';
export * from './guard';
export * from './paths';
export * from './query';
export * from './visibility';
