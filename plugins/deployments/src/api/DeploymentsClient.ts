import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  DeploymentsBoard,
  DeploymentsBoardQuery,
} from '@internal/plugin-deployments-common';
import { DeploymentsApi } from './DeploymentsApi';

/** @public */
export class DeploymentsClient implements DeploymentsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getBoard(query: DeploymentsBoardQuery = {}): Promise<DeploymentsBoard> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('deployments');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value) params.set(key, String(value));
    }
    const qs = params.toString();
    const res = await this.options.fetchApi.fetch(
      `${baseUrl}/board${qs ? `?${qs}` : ''}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as DeploymentsBoard;
  }
}
