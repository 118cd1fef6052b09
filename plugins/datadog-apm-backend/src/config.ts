import { Config } from '@backstage/config';
import { DatadogSite, resolveSite } from './services/DatadogClient';

export const DEFAULT_OPERATIONS = [
  'http.request',
  'grpc.server',
  'web.request',
  'worker.process',
  'servlet.request',
  'express.request',
  'rack.request',
  'django.request',
  'flask.request',
  'aspnet_core.request',
];

export interface DatadogApmSettings {
  site: DatadogSite;
  /** `datadog.apm.publicBaseUrl`: origin of shared graphs instead of the site's (or the entity's). */
  publicBaseUrl?: string;
  /** API origin: `datadog.baseUrl`, else `https://api.<site>`. */
  apiBaseUrl: string;
  /** Absent keys become a configuration message on the card, not a startup failure. */
  apiKey?: string;
  appKey?: string;
  cacheSeconds: number;
  operations: string[];
  requestTimeoutMs: number;
  lastGoodHours: number;
}

/** Reads the shared `datadog` section; throws on an unknown site or a bad tuning value. */
export function readDatadogConfig(config: Config): DatadogApmSettings {
  const dd = config.getOptionalConfig('datadog');
  const site = resolveSite(dd?.getOptionalString('site') ?? 'datadoghq.com');
  const baseUrl = dd?.getOptionalString('baseUrl')?.replace(/\/+$/, '');
  const apm = dd?.getOptionalConfig('apm');
  const positive = (key: string, fallback: number) => {
    const value = apm?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new Error(`datadog.apm.${key} must be a positive number`);
    }
    return value;
  };
  const operations = apm?.getOptionalStringArray('operations') ?? [
    ...DEFAULT_OPERATIONS,
  ];
  if (operations.some(o => !/^[a-z0-9_.]+$/i.test(o))) {
    throw new Error(
      'datadog.apm.operations: operation names are like http.request',
    );
  }
  return {
    site,
    ...(apm?.getOptionalString('publicBaseUrl')
      ? {
          publicBaseUrl: apm.getString('publicBaseUrl').replace(/\/+$/, ''),
        }
      : {}),
    apiBaseUrl: baseUrl ?? site.apiUrl,
    apiKey: dd?.getOptionalString('apiKey') || undefined,
    appKey: dd?.getOptionalString('appKey') || undefined,
    cacheSeconds: positive('cacheSeconds', 60),
    operations,
    requestTimeoutMs: positive('requestTimeoutMs', 10_000),
    lastGoodHours: positive('lastGoodHours', 24),
  };
}
