/**
 * Offline validation of Terraform, Kubernetes/Argo CD manifests and platform policy:
 * the one implementation behind infra/ CI and the scaffolder's validation actions.
 *
 * @packageDocumentation
 */
export type { SourceFile, Violation, ValidationOptions } from './types';
export { validateFiles, validateFilesWithSummary } from './validateFiles';
export type { ValidationSummary } from './validateFiles';
export { readTree } from './readTree';
export { CHECKS } from './checks';
export type { CheckId } from './checks';
