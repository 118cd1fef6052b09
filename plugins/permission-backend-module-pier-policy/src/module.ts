import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PierPermissionPolicy } from './policy';

/**
 * Installs Pier's deny-by-default policy in the permission backend.
 *
 * @public
 */
export const permissionModulePierPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'pier-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new PierPermissionPolicy(userInfo));
      },
    });
  },
});
