import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read a service's Datadog APM metrics, monitors and SLOs.
 *
 * @public
 */
export const datadogApmReadPermission = createPermission({
  name: 'datadog-apm.service.read',
  attributes: { action: 'read' },
});

/** @public */
export const datadogApmPermissions = [datadogApmReadPermission];
