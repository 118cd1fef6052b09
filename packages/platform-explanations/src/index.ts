/**
 * Explanations for the platform's common failures, derived from one service's Kubernetes objects
 * and Argo CD application in one cluster: cause with evidence, fix, and the file to change.
 * Pure and shared by backend and frontend.
 *
 * @packageDocumentation
 */
export { explain, EXPLANATION_IDS } from './explain';
export { blockingPdbs } from './rules/pdb';
export type {
  ArgoApplication,
  ArgoResourceResult,
  ArgoSource,
  Evidence,
  Explanation,
  ExplanationId,
  ExplanationSeverity,
  FileToChange,
  KubeObject,
  KubernetesObjects,
  ServiceClusterState,
} from './types';
