import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ServiceOverview } from '@internal/plugin-service-overview-common';
import { ServiceOverviewApi } from './ServiceOverviewApi';

/** @public */
export class ServiceOverviewClient implements ServiceOverviewApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getOverview(entityRef: string): Promise<ServiceOverview> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      'service-overview',
    );
    const res = await this.options.fetchApi.fetch(
      `${baseUrl}/entity?${new URLSearchParams({ entityRef })}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as ServiceOverview;
  }
}
