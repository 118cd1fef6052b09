import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createEntityMemo,
  createEntityVisibility,
  createPierActions,
} from '@internal/backend-access-guard';
import { datadogServiceRef } from '@internal/backend-datadog';
import { platformCostPermissions } from '@internal/plugin-platform-cost-common';
import { registerCostActions } from './actions';
import { readPlatformCostConfig } from './config';
import { createRouter } from './router';
import {
  createCostExplorerReader,
  createOpenCostReader,
} from './services/Billing';
import { loadServiceDirectory } from './services/Catalog';
import { kubernetesProxyGet } from '@internal/backend-kubernetes-proxy';
import { readClusterInventory } from './services/Clusters';
import { migrateCostTables } from './services/CostStore';
import {
  createCallerDashboards,
  createCostReports,
} from './services/Dashboard';
import { createRequestCounter } from './services/Datadog';
import { loadPriceBook } from './services/Prices';
import { createSnapshotter } from './services/Snapshots';

/**
 * Platform cost: hourly snapshots of each cluster's Karpenter nodes and pods, allocated to
 * services and teams, with spot, Graviton and consolidation savings.
 *
 * @public
 */
export const platformCostPlugin = createBackendPlugin({
  pluginId: 'platform-cost',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        datadog: datadogServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(platformCostPermissions);
        const {
          config,
          logger,
          database,
          scheduler,
          auth,
          discovery,
          catalog,
        } = deps;
        const settings = readPlatformCostConfig(config);
        const db = await database.getClient();
        if (!database.migrations?.skip) await migrateCostTables(db);

        const prices = loadPriceBook(settings.defaultRegion);
        const ce = settings.costExplorer;
        const costExplorer = ce
          ? createCostExplorerReader({
              client: new CostExplorerClient({
                region: ce.region,
                endpoint: ce.endpoint,
                // The AWS integration (aws.accounts / aws.mainAccount): static keys, a profile or
                // a role to assume, shared with the other AWS plugins.
                credentials: (
                  await DefaultAwsCredentialsManager.fromConfig(
                    config,
                  ).getCredentialProvider(
                    ce.accountId ? { accountId: ce.accountId } : {},
                  )
                ).sdkCredentialProvider,
                // Past the timeout the SDK's handler only warns unless told to throw.
                requestHandler: {
                  requestTimeout: settings.requestTimeoutMs,
                  throwOnRequestTimeout: true,
                },
              }),
              clusterTag: ce.clusterTag,
              nodepoolTags: ce.nodepoolTags,
            })
          : undefined;
        const openCost = Object.keys(settings.opencostBaseUrls).length
          ? createOpenCostReader({
              baseUrls: settings.opencostBaseUrls,
              timeoutMs: settings.requestTimeoutMs,
            })
          : undefined;
        const get = kubernetesProxyGet({
          discovery,
          auth,
          timeoutMs: settings.requestTimeoutMs,
        });
        const snapshotter = createSnapshotter({
          db,
          logger,
          clusters: settings.clusters,
          readInventory: (cluster, signal) =>
            readClusterInventory(get, cluster, {
              nodepoolLabels: settings.nodepoolLabels,
              signal,
            }),
          prices,
          directory: () => loadServiceDirectory(catalog, auth),
          costExplorer,
          openCost,
          backfillDays: settings.retentionDays,
          retentionDays: settings.retentionDays,
          suspiciousDrop: settings.suspiciousDrop,
        });
        const reports = createCostReports({
          db,
          clusters: settings.clusters,
          prices,
          spotRateSource: costExplorer
            ? 'Effective spot rate per instance type billed in the last 7 days (Cost Explorer: cost ÷ usage hours)'
            : 'No Cost Explorer configured: spot nodes are costed at the on-demand price and flagged',
          requests: createRequestCounter({
            datadog: deps.datadog,
            cache: deps.cache,
            logger,
          }),
        });
        // Global: one replica runs it per period (a claim in the shared database). Past its
        // timeout the run is aborted (`signal`): it stops between clusters and backfill days and
        // rolls back the transaction it is in, before another replica can claim the next run.
        await scheduler.scheduleTask({
          id: 'platform-cost-snapshot',
          frequency: { minutes: settings.schedule.frequencyMinutes },
          timeout: { minutes: settings.schedule.timeoutMinutes },
          initialDelay: { seconds: settings.schedule.initialDelaySeconds },
          scope: 'global',
          fn: async signal => {
            const started = Date.now();
            logger.info('platform-cost snapshot started');
            let results;
            try {
              results = await snapshotter.run(signal);
            } catch (e) {
              if (!signal.aborted) throw e;
              logger.warn(`platform-cost snapshot aborted: ${e}`);
              return;
            }
            const snapshotMs = Date.now() - started;
            try {
              if (signal.aborted) throw signal.reason;
              await reports.precompute();
            } catch (e) {
              // Requests then compute the dashboard themselves: slower, still correct.
              logger.warn(
                `platform-cost: precomputing dashboards failed: ${e}`,
              );
            }
            logger.info(
              `platform-cost snapshot in ${snapshotMs} ms, dashboards in ${
                Date.now() - started - snapshotMs
              } ms: ${results
                .map(
                  r =>
                    `${r.cluster} ${r.status} (${
                      r.nodes ? `${r.nodes} nodes, ` : ''
                    }${r.ms} ms)`,
                )
                .join(', ')}`,
            );
          },
        });

        const dashboards = createCallerDashboards({
          reports,
          visibility: createEntityVisibility({ catalog }),
        });
        registerCostActions({
          actions: createPierActions(deps),
          catalog,
          reports,
          dashboards,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            catalog: createEntityMemo({ catalog }),
            reports,
            dashboards,
            clusters: settings.clusters,
          }),
        );
      },
    });
  },
});
