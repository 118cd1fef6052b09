import { Config } from '@backstage/config';
import { DatadogSite, resolveSite } from './sites';

/** Where and as whom Pier reads Datadog: the shared `datadog` section. */
export interface DatadogConnection {
  site: DatadogSite;
  /** API origin: `datadog.baseUrl`, else `https://api.<site>` (never the raw `site` value). */
  apiBaseUrl: string;
  /** Absent keys become a configuration message on the cards, not a start-up failure. */
  apiKey?: string;
  appKey?: string;
  requestTimeoutMs: number;
}

/** Reads the shared `datadog` section; throws on an unknown site or a bad timeout. */
export function readDatadogConnection(config: Config): DatadogConnection {
  const dd = config.getOptionalConfig('datadog');
  const site = resolveSite(dd?.getOptionalString('site') ?? 'datadoghq.com');
  const baseUrl = dd?.getOptionalString('baseUrl')?.replace(/\/+$/, '');
  const requestTimeoutMs = dd?.getOptionalNumber('requestTimeoutMs') ?? 10_000;
  if (!(requestTimeoutMs > 0)) {
    throw new Error('datadog.requestTimeoutMs must be a positive number');
  }
  return {
    site,
    apiBaseUrl: baseUrl ?? site.apiUrl,
    apiKey: dd?.getOptionalString('apiKey') || undefined,
    appKey: dd?.getOptionalString('appKey') || undefined,
    requestTimeoutMs,
  };
}
