import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the security findings of one catalog entity (a resource permission, so a policy can
 * allow it for the entity's owners only).
 *
 * @public
 */
export const securityFindingsEntityReadPermission = createPermission({
  name: 'security-findings.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the organisation-wide security dashboard and its CSV export (leads).
 *
 * @public
 */
export const securityFindingsDashboardReadPermission = createPermission({
  name: 'security-findings.dashboard.read',
  attributes: { action: 'read' },
});

/** @public */
export const securityFindingsPermissions = [
  securityFindingsEntityReadPermission,
  securityFindingsDashboardReadPermission,
];
