export { createArgoAppReader } from './argoAppReader';
export { createClusterStateReader } from './readClusterState';
export type {
  ArgoAppGet,
  ClusterStateReader,
  ServiceTarget,
} from './readClusterState';
export { createExplanations } from './createExplanations';
export type { ExplainRequest, ExplanationsService } from './createExplanations';
export { readExplanationsPart } from './readExplanationsPart';
export type { EntityGet } from './readExplanationsPart';
