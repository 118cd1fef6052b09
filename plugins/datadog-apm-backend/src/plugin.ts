import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createEntityMemo } from '@internal/backend-access-guard';
import { datadogServiceRef } from '@internal/backend-datadog';
import { datadogApmPermissions } from '@internal/plugin-datadog-apm-common';
import { readDatadogConfig } from './config';
import { createRouter } from './router';
import { createDatadogApm } from './services/ServiceApm';

/**
 * Datadog APM for catalog entities: metrics, versions, monitors and SLOs of the service named by
 * `datadoghq.com/service-name`, and the Roadie plugin's embeds.
 *
 * @public
 */
export const datadogApmPlugin = createBackendPlugin({
  pluginId: 'datadog-apm',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        datadog: datadogServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        datadog,
      }) {
        permissionsRegistry.addPermissions(datadogApmPermissions);
        const settings = readDatadogConfig(config);
        const apm = createDatadogApm({
          settings,
          client: datadog,
          cache,
          catalog: createEntityMemo({ catalog }),
          logger,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            apm,
          }),
        );
      },
    });
  },
});
