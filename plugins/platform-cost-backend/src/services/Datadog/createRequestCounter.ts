import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
// Only the v1 API and the common client: the package root also loads v2's thousands of models
// (~1.5 s and ~80 MB RSS more at start-up; docs/benchmarks.md).
import * as client from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common';
import * as v1 from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1';
import { RequestCounter } from '../Dashboard';
import { ReadThroughCache } from '@internal/backend-read-through-cache';

const TTL_MS = 60 * 60 * 1000;

/**
 * Counts a service's HTTP requests in prod from Datadog APM's trace metric
 * (`trace.http.request.hits`). Reads the shared `datadog.*` keys, which the datadog-apm plugin
 * declares; returns undefined when they are absent, so the card says it needs Datadog.
 */
export function createRequestCounter(options: {
  config: Config;
  cache: CacheService;
  logger: LoggerService;
}): RequestCounter | undefined {
  const dd = options.config.getOptionalConfig('datadog');
  const apiKey = dd?.getOptionalString('apiKey');
  const appKey = dd?.getOptionalString('appKey');
  if (!dd || !apiKey || !appKey) return undefined;
  const baseUrl = dd.getOptionalString('baseUrl');
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: apiKey, appKeyAuth: appKey },
    baseServer: baseUrl
      ? new client.BaseServerConfiguration(baseUrl.replace(/\/+$/, ''), {})
      : undefined,
  });
  if (!baseUrl) {
    configuration.setServerVariables({
      site: dd.getOptionalString('site') ?? 'datadoghq.com',
    });
  }
  const metrics = new v1.MetricsApi(configuration);
  const reads = new ReadThroughCache(options.cache);

  return async (service, fromMs, toMs) => {
    // Day-aligned window, so everyone viewing on one day shares one cached answer.
    const day = 86_400_000;
    const to = Math.floor(toMs / day) * day;
    const from = Math.floor(fromMs / day) * day;
    try {
      const requests = await reads.get(
        `requests:${service}:${from}:${to}`,
        TTL_MS,
        async () => {
          const res = await metrics.queryMetrics({
            from: from / 1000,
            to: to / 1000,
            query: `sum:trace.http.request.hits{env:prod,service:${service}}.as_count().rollup(sum, 86400)`,
          });
          return (res.series ?? []).reduce(
            (sum, s) =>
              sum + (s.pointlist ?? []).reduce((t, p) => t + (p[1] ?? 0), 0),
            0,
          );
        },
      );
      return { status: 'ok', requests };
    } catch (e) {
      options.logger.warn(`platform-cost: Datadog request count failed: ${e}`);
      return {
        status: 'unavailable',
        message: `Datadog did not answer (${
          (e as Error).message
        }); cost per 1,000 requests will be back when it does.`,
      };
    }
  };
}
