import { BasicPermission } from '@backstage/plugin-permission-common';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { platformCostDashboardReadPermission } from '@internal/plugin-platform-cost-common';
import { securityFindingsDashboardReadPermission } from '@internal/plugin-security-findings-common';

/**
 * The sidebar entries a person sees only when the server's permission policy allows them the page
 * (page extension id → permission). Every other page is open to every signed-in person.
 */
export const PAGE_PERMISSIONS: Readonly<Record<string, BasicPermission>> = {
  'page:platform-cost': platformCostDashboardReadPermission,
  'page:security-findings': securityFindingsDashboardReadPermission,
  'page:scaffolder': taskCreatePermission,
};
