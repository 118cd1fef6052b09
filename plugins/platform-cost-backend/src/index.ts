/**
 * Platform cost backend: Karpenter node cost per cluster, allocated to services and teams.
 *
 * @packageDocumentation
 */
export { platformCostPlugin as default } from './plugin';
