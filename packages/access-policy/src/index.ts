/**
 * Who may do what in Pier: personas, the capability table and pure helpers. The permission policy,
 * the plugins' refusal messages, the frontend and the README all read this one table.
 *
 * @packageDocumentation
 */
export * from './personas';
export * from './capabilities';
export * from './decide';
export * from './render';
