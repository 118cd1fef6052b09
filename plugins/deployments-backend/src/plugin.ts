import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readDeploymentsConfig } from './config';
import { createRouter } from './router';
import { createDeploymentsBoard } from './services/DeploymentsBoard';

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
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        auth,
        httpAuth,
        httpRouter,
        permissions,
        catalog,
      }) {
        const board = createDeploymentsBoard({
          ...readDeploymentsConfig(config),
          logger,
          cache,
          catalog,
          auth,
        });
        httpRouter.use(await createRouter({ httpAuth, permissions, board }));
      },
    });
  },
});
