import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the organisation-wide cost dashboard and its CSV export (leads, the platform team).
 *
 * @public
 */
export const platformCostDashboardReadPermission = createPermission({
  name: 'platform-cost.dashboard.read',
  attributes: { action: 'read' },
});

/**
 * Read one catalog entity's cost card (a resource permission, so the policy can allow it for the
 * entity's owners).
 *
 * @public
 */
export const platformCostEntityReadPermission = createPermission({
  name: 'platform-cost.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const platformCostPermissions = [
  platformCostDashboardReadPermission,
  platformCostEntityReadPermission,
];
