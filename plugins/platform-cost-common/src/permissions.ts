import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read platform cost: the leads' dashboard and a service's cost card.
 *
 * @public
 */
export const platformCostReadPermission = createPermission({
  name: 'platform-cost.read',
  attributes: { action: 'read' },
});

/** @public */
export const platformCostPermissions = [platformCostReadPermission];
