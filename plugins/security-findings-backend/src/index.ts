/**
 * Security findings backend: SecurityHub + Inspector findings per service, and the leads'
 * dashboard, served from the plugin's own tables.
 *
 * @packageDocumentation
 */
export { securityFindingsPlugin as default } from './plugin';
