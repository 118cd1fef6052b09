import { createApiRef } from '@backstage/frontend-plugin-api';
import { ServiceOverview } from '@internal/plugin-service-overview-common';

/** @public */
export interface ServiceOverviewApi {
  getOverview(entityRef: string): Promise<ServiceOverview>;
}

/** @public */
export const serviceOverviewApiRef = createApiRef<ServiceOverviewApi>({
  id: 'plugin.service-overview.api',
});
