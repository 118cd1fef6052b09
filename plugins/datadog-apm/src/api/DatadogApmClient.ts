import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ApmRange, EntityDatadog } from '@internal/plugin-datadog-apm-common';
import { DatadogApmApi } from './DatadogApmApi';

/** @public */
export class DatadogApmClient implements DatadogApmApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getEntity(entityRef: string, range: ApmRange): Promise<EntityDatadog> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('datadog-apm');
    const res = await this.options.fetchApi.fetch(
      `${baseUrl}/entity?${new URLSearchParams({ entityRef, range })}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as EntityDatadog;
  }
}
