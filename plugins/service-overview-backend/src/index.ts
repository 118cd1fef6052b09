/**
 * The service overview backend: `GET /api/service-overview/entity?entityRef=`.
 *
 * @packageDocumentation
 */
export { serviceOverviewPlugin as default } from './plugin';
