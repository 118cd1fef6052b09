import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createEntityMemo,
  createPierActions,
} from '@internal/backend-access-guard';
import { kubernetesProxyGet } from '@internal/backend-kubernetes-proxy';
import { serviceOverviewPermissions } from '@internal/plugin-service-overview-common';
import { registerOverviewActions } from './actions';
import { readServiceOverviewConfig } from './config';
import { createRouter } from './router';
import {
  createArgoAppReader,
  createClusterStateReader,
  createExplanations,
} from './services/Explanations';
import { createServiceOverview } from './services/Overview';
import { createPartReader } from './services/Parts';

/**
 * The service overview: per cluster, is the service deployed, healthy, safe and affordable, and did
 * the last deploy make it worse — joined from the deployments, security, Datadog APM and cost
 * plugins' APIs, each read with the caller's identity.
 *
 * @public
 */
export const serviceOverviewPlugin = createBackendPlugin({
  pluginId: 'service-overview',
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
      async init(deps) {
        deps.permissionsRegistry.addPermissions(serviceOverviewPermissions);
        const settings = readServiceOverviewConfig(deps.config);
        const upstream = {
          discovery: deps.discovery,
          auth: deps.auth,
          timeoutMs: settings.partTimeoutMs,
        };
        const explanations = createExplanations({
          readState: createClusterStateReader({
            kubernetes: kubernetesProxyGet(upstream),
            argoApp: createArgoAppReader(upstream),
          }),
          cache: deps.cache,
          logger: deps.logger,
          cacheSeconds: settings.explanationsCacheSeconds,
        });
        const entities = createEntityMemo({ catalog: deps.catalog });
        const overview = createServiceOverview({
          getEntity: (entityRef, credentials) =>
            entities.getEntityByRef(entityRef, { credentials }),
          explanations,
          readPart: createPartReader({
            discovery: deps.discovery,
            auth: deps.auth,
            timeoutMs: settings.partTimeoutMs,
          }),
          cache: deps.cache,
          logger: deps.logger,
          cacheSeconds: settings.cacheSeconds,
          apmRange: settings.apmRange,
        });
        registerOverviewActions({
          actions: createPierActions(deps),
          catalog: deps.catalog,
          overview,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            overview,
          }),
        );
      },
    });
  },
});
