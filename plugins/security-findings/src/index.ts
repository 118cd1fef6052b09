/**
 * Security findings: SecurityHub + Inspector findings per service, and the leads' Security page.
 *
 * @packageDocumentation
 */
export { securityFindingsPlugin as default } from './plugin';
export { securityFindingsApiRef, SecurityFindingsClient } from './api';
export type { SecurityFindingsApi } from './api';
