import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  EntityExplanations,
  ServiceOverview,
} from '@internal/plugin-service-overview-common';

/** @public */
export interface ServiceOverviewApi {
  getOverview(entityRef: string): Promise<ServiceOverview>;
  getExplanations(entityRef: string): Promise<EntityExplanations>;
}

/** @public */
export const serviceOverviewApiRef = createApiRef<ServiceOverviewApi>({
  id: 'plugin.service-overview.api',
});
