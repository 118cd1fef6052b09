import { Config } from '@backstage/config';
import { DatadogSite, readDatadogConnection } from '@internal/backend-datadog';

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
  cacheSeconds: number;
  operations: string[];
  lastGoodHours: number;
}

/**
 * Reads `datadog.apm` and the site of the shared `datadog` section (its keys and endpoint belong to
 * the shared client); throws on an unknown site or a bad tuning value.
 */
export function readDatadogConfig(config: Config): DatadogApmSettings {
  const { site } = readDatadogConnection(config);
  const apm = config.getOptionalConfig('datadog.apm');
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
    cacheSeconds: positive('cacheSeconds', 60),
    operations,
    lastGoodHours: positive('lastGoodHours', 24),
  };
}
