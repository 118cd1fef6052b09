import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createEntityVisibility,
  createPierActions,
} from '@internal/backend-access-guard';
import { deploymentsPermissions } from '@internal/plugin-deployments-common';
import { registerBoardActions } from './actions';
import { readDeploymentsConfig } from './config';
import { createRouter } from './router';
import { createDeploymentsBoard } from './services/DeploymentsBoard';
import { createReplicaReader } from './services/KubernetesReplicas';

/**
 * The deployments board: every service × cluster from each cluster's Argo CD.
 *
 * @public
 */
export const deploymentsPlugin = createBackendPlugin({
  pluginId: 'deployments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        auth,
        discovery,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        actionsRegistry,
      }) {
        permissionsRegistry.addPermissions(deploymentsPermissions);
        const settings = readDeploymentsConfig(config);
        const board = createDeploymentsBoard({
          ...settings,
          logger,
          cache,
          catalog,
          auth,
          visibility: createEntityVisibility({ catalog }),
          replicas: createReplicaReader({
            discovery,
            auth,
            timeoutMs: settings.requestTimeoutMs,
          }),
        });
        registerBoardActions({
          actions: createPierActions({
            actionsRegistry,
            permissions,
            auditor,
            catalog,
          }),
          board,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            board,
          }),
        );
      },
    });
  },
});
