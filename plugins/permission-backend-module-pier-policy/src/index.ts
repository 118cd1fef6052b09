/**
 * Pier's permission policy module (deny by default; the table lives in `@internal/access-policy`).
 *
 * @packageDocumentation
 */
export { permissionModulePierPolicy as default } from './module';
export { PierPermissionPolicy } from './policy';
