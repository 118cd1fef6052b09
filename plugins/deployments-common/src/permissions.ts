import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the deployments board (every service × cluster).
 *
 * @public
 */
export const deploymentsReadPermission = createPermission({
  name: 'deployments.board.read',
  attributes: { action: 'read' },
});

/** @public */
export const deploymentsPermissions = [deploymentsReadPermission];
