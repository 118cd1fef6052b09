import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DatadogClient, createDatadogClient } from './createDatadogClient';
import {
  DatadogConnection,
  readDatadogConnection,
} from './readDatadogConnection';

/** The shared Datadog client and the connection it was made from. @public */
export interface DatadogService extends DatadogClient {
  connection: DatadogConnection;
  /** Both keys are configured (otherwise every call throws a DatadogConfigurationError). */
  configured: boolean;
}

/**
 * One Datadog client per backend, shared by every plugin that reads Datadog (APM, cost): one set of
 * per-family rate-limit budgets, as Datadog counts them per organisation, and one reading of
 * `datadog.*`.
 *
 * @public
 */
export const datadogServiceRef = createServiceRef<DatadogService>({
  id: 'pier.datadog',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory({ config, logger }) {
        const connection = readDatadogConnection(config);
        return {
          ...createDatadogClient({ ...connection, logger }),
          connection,
          configured: Boolean(connection.apiKey && connection.appKey),
        };
      },
    }),
});
