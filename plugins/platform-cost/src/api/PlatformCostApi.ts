import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  CostDashboard,
  EntityCost,
} from '@internal/plugin-platform-cost-common';

/** @public */
export interface PlatformCostApi {
  getDashboard(query: {
    cluster: string;
    days: 30 | 90;
  }): Promise<CostDashboard>;
  getEntityCost(entityRef: string): Promise<EntityCost>;
}

/** @public */
export const platformCostApiRef = createApiRef<PlatformCostApi>({
  id: 'plugin.platform-cost.api',
});
