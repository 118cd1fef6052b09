/**
 * The service overview: the first thing on a service's page.
 *
 * @packageDocumentation
 */
export { serviceOverviewPlugin as default } from './plugin';
export { serviceOverviewApiRef, ServiceOverviewClient } from './api';
export type { ServiceOverviewApi } from './api';
export { EntityExplanationsCard } from './components/Explanations';
