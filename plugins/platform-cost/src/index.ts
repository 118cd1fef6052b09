/**
 * Platform cost: the leads' cost dashboard and each service's cost card.
 *
 * @packageDocumentation
 */
export { platformCostPlugin as default } from './plugin';
export { platformCostApiRef, PlatformCostClient } from './api';
export type { PlatformCostApi } from './api';
