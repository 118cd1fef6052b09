import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  EntityExplanations,
  ServiceOverview,
} from '@internal/plugin-service-overview-common';
import { ServiceOverviewApi } from './ServiceOverviewApi';

/** @public */
export class ServiceOverviewClient implements ServiceOverviewApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getOverview(entityRef: string): Promise<ServiceOverview> {
    return this.get('entity', entityRef);
  }

  getExplanations(entityRef: string): Promise<EntityExplanations> {
    return this.get('explanations', entityRef);
  }

  private async get<T>(path: string, entityRef: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      'service-overview',
    );
    const res = await this.options.fetchApi.fetch(
      `${baseUrl}/${path}?${new URLSearchParams({ entityRef })}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
