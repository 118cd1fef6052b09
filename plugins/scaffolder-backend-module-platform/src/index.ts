/**
 * Pier's scaffolder backend module: validation and publishing actions for the templates.
 *
 * @packageDocumentation
 */
export { scaffolderModulePlatform as default } from './module';
