/**
 * The permission check Pier's backend routes share.
 *
 * @packageDocumentation
 */
export * from './guard';
