import { createApiRef } from '@backstage/frontend-plugin-api';
import { ApmRange, EntityDatadog } from '@internal/plugin-datadog-apm-common';

/** Reads an entity's Datadog data from the datadog-apm backend. @public */
export interface DatadogApmApi {
  getEntity(entityRef: string, range: ApmRange): Promise<EntityDatadog>;
}

/** @public */
export const datadogApmApiRef = createApiRef<DatadogApmApi>().with({
  id: 'plugin.datadog-apm.service',
  pluginId: 'datadog-apm',
});
