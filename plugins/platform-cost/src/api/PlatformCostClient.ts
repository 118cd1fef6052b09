import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  CostDashboard,
  EntityCost,
} from '@internal/plugin-platform-cost-common';
import { PlatformCostApi } from './PlatformCostApi';

/** @public */
export class PlatformCostClient implements PlatformCostApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async get<T>(
    path: string,
    params: Record<string, string>,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('platform-cost');
    const res = await this.options.fetchApi.fetch(
      `${baseUrl}${path}?${new URLSearchParams(params)}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  getDashboard(query: { cluster: string; days: 30 | 90 }) {
    return this.get<CostDashboard>('/dashboard', {
      cluster: query.cluster,
      days: String(query.days),
    });
  }

  getEntityCost(entityRef: string) {
    return this.get<EntityCost>('/entity', { entityRef });
  }
}
