import { createApiRef } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  ComplianceResponse,
  DashboardResponse,
  EntityFindingsResponse,
} from '@internal/plugin-security-findings-common';

/** @public */
export interface SecurityFindingsApi {
  getEntityFindings(entityRef: string): Promise<EntityFindingsResponse>;
  getDashboard(owner?: string): Promise<DashboardResponse>;
  /** Security Hub control findings by control and account (apart from vulnerabilities). */
  getCompliance(): Promise<ComplianceResponse>;
  /** URL of the CSV export (fetched with the user's credentials by `downloadCsv`). */
  downloadCsv(options: { owner?: string; deployed?: boolean }): Promise<Blob>;
}

/** @public */
export const securityFindingsApiRef = createApiRef<SecurityFindingsApi>({
  id: 'plugin.security-findings',
});

/** @public */
export class SecurityFindingsClient implements SecurityFindingsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async get(path: string, params: Record<string, string | undefined>) {
    const base = await this.options.discoveryApi.getBaseUrl(
      'security-findings',
    );
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
    const res = await this.options.fetchApi.fetch(
      `${base}${path}${qs.toString() ? `?${qs}` : ''}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }

  async getEntityFindings(entityRef: string) {
    return (await (
      await this.get('/entity', { entityRef })
    ).json()) as EntityFindingsResponse;
  }

  async getDashboard(owner?: string) {
    return (await (
      await this.get('/dashboard', { owner })
    ).json()) as DashboardResponse;
  }

  async getCompliance() {
    return (await (
      await this.get('/compliance', {})
    ).json()) as ComplianceResponse;
  }

  async downloadCsv(options: { owner?: string; deployed?: boolean }) {
    const res = await this.get('/dashboard/findings.csv', {
      owner: options.owner,
      deployed: options.deployed ? 'true' : undefined,
    });
    return res.blob();
  }
}
