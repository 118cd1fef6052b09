/**
 * Pier's scaffolder form fields (frontend module of the scaffolder plugin).
 *
 * @packageDocumentation
 */
export { scaffolderModulePlatform as default } from './module';
