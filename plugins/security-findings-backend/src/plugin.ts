import { setTimeout as delay } from 'node:timers/promises';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createEntityMemo,
  createEntityVisibility,
  createPierActions,
} from '@internal/backend-access-guard';
import { securityFindingsPermissions } from '@internal/plugin-security-findings-common';
import { registerFindingsActions } from './actions';
import { readSecurityFindingsConfig } from './config';
import { createRouter } from './router';
import { createAwsFindingsReader } from './services/AwsFindings';
import { createFindingsQueries } from './services/Dashboard';
import { FindingsStore } from './services/FindingsStore';
import { createIngestion } from './services/Ingestion';
import { createRunningImageReader } from './services/RunningImages';

const CATALOG_NOT_READY_RETRIES = 10;
const CATALOG_NOT_READY_DELAY_MS = 15_000;

/** Resolves after `ms`, or at once when `signal` aborts. */
function abortableDelay(ms: number, signal: AbortSignal) {
  return delay(ms, undefined, { signal }).catch(() => {});
}

/**
 * Security findings: SecurityHub + Inspector findings ingested on a schedule into the plugin's
 * tables, joined with the image digests running in the clusters.
 *
 * @public
 */
export const securityFindingsPlugin = createBackendPlugin({
  pluginId: 'security-findings',
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
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(securityFindingsPermissions);
        const { config, logger, scheduler, auth, catalog } = deps;
        const store = await FindingsStore.create(deps.database);
        const settings = readSecurityFindingsConfig(config);
        const queries = createFindingsQueries({
          store,
          complianceControls: settings?.complianceControls ?? false,
          cache: deps.cache,
          visibility: createEntityVisibility({ catalog }),
        });
        if (!settings) {
          logger.warn(
            'securityFindings is not configured: no findings are ingested (see plugins/security-findings-backend/config.d.ts)',
          );
        } else {
          const ingestion = createIngestion({
            targets: settings.targets,
            clusters: settings.clusters,
            aws: createAwsFindingsReader({
              credentials: DefaultAwsCredentialsManager.fromConfig(config),
              logger,
              endpoints: settings.endpoints,
              inspector2: settings.inspector2,
              complianceControls: settings.complianceControls,
              maxThrottleRetries: settings.maxThrottleRetries,
              maxRetryAfterMs: settings.maxRetryAfterMs,
              requestTimeoutMs: settings.requestTimeoutMs,
              maxPages: settings.maxPages,
            }),
            runningImages: createRunningImageReader({
              discovery: deps.discovery,
              auth,
              timeoutMs: settings.requestTimeoutMs,
            }),
            store,
            catalog,
            auth,
            logger,
            precomputeDashboard: runId => queries.precomputeDashboard(runId),
            suspiciousDrop: settings.suspiciousDrop,
          });
          // Global: the scheduler runs the task once across replicas (a claim in the shared
          // database). Past its timeout the run is aborted (`signal`) and stops before the next
          // one can be claimed elsewhere.
          const retryDelayMs = Math.min(
            CATALOG_NOT_READY_DELAY_MS,
            (settings.frequencyMinutes * 60_000) / 2,
          );
          await scheduler.scheduleTask({
            id: 'security-findings-ingestion',
            scope: 'global',
            frequency: { minutes: settings.frequencyMinutes },
            timeout: { minutes: settings.timeoutMinutes },
            initialDelay: { seconds: settings.initialDelaySeconds },
            fn: async signal => {
              logger.info('security-findings ingestion started');
              // A run that found the catalog still empty, or still loading, is retried within the task,
              // not an hour later.
              for (
                let attempt = 1;
                attempt <= CATALOG_NOT_READY_RETRIES && !signal.aborted;
                attempt++
              ) {
                const result = await ingestion.run(signal);
                if (!result.catalogNotReady && !result.catalogGrew) break;
                await abortableDelay(retryDelayMs, signal);
              }
              logger.info(
                `security-findings ingestion ${
                  signal.aborted ? 'aborted' : 'finished'
                }`,
              );
            },
          });
        }
        registerFindingsActions({
          actions: createPierActions(deps),
          catalog,
          queries,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            catalog: createEntityMemo({ catalog }),
            queries,
          }),
        );
      },
    });
  },
});
