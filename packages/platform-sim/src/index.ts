/**
 * Local simulation of Pier's upstreams, for `yarn start`, tests and
 * benchmarks. Never imported by plugin code: plugins only see base URLs.
 *
 * @packageDocumentation
 */
export * from './credentials';
export * from './scenario';
export * from './catalog';
export {
  startPlatformSim,
  DEFAULT_PORTS,
  EPHEMERAL_PORTS,
} from './startPlatformSim';
export type {
  PlatformSim,
  PlatformSimPorts,
  StartPlatformSimOptions,
} from './startPlatformSim';
export { FaultRegistry, UPSTREAM_IDS, parseFaultSpec } from './servers/faults';
export { SIM_OIDC_REDIRECT_URI_PATTERN } from './servers/idp';
export type { IdpApi } from './servers/idp';
export { OUTSIDER, loadPeople, peopleFromOrgYaml } from './idp/people';
export type { IdpPerson } from './idp/people';
export type { FaultSpec, UpstreamId } from './servers/faults';
export * from './contracts';
