export * from './types';
export * from './constants';
export {
  createScenario,
  currentDeploys,
  startedDeploys,
  runningReleaseIndexes,
  vulnerability,
  severityForCvss,
  DEFAULT_SCENARIO_OPTIONS,
  BENCHMARK_SCENARIO_OPTIONS,
  REGRESSED_SERVICE_INDEX,
} from './createScenario';
export type { Scenario, Vulnerability } from './createScenario';
export * from './kubernetes';
export * from './argocd';
export * from './metrics';
export * from './datadog';
export * from './findings';
export * from './compliance';
export { hashString, unitHash, stableHex, stableUuid, Rng } from './random';
