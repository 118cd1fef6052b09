import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read a service's overview. Each part of it (deployments, security, Datadog, cost) is read with
 * the caller's own identity, so a part the caller may not see says so instead of showing it.
 *
 * @public
 */
export const serviceOverviewReadPermission = createPermission({
  name: 'service-overview.entity.read',
  attributes: { action: 'read' },
});

/** @public */
export const serviceOverviewPermissions = [serviceOverviewReadPermission];
