import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { DatadogService } from '@internal/backend-datadog';
import { ReadThroughCache } from '@internal/backend-read-through-cache';
import { RequestCounter } from '../Dashboard';

const TTL_MS = 60 * 60 * 1000;

/**
 * Counts a service's HTTP requests in prod from Datadog APM's trace metric
 * (`trace.http.request.hits`) through the backend's shared Datadog client (its site, keys, timeout
 * and rate-limit budgets); returns undefined when Datadog's keys are absent, so the card says it
 * needs Datadog.
 */
export function createRequestCounter(options: {
  datadog: DatadogService;
  cache: CacheService;
  logger: LoggerService;
}): RequestCounter | undefined {
  const { datadog } = options;
  if (!datadog.configured) return undefined;
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
          const res = await datadog.queryMetrics(
            from / 1000,
            to / 1000,
            `sum:trace.http.request.hits{env:prod,service:${service}}.as_count().rollup(sum, 86400)`,
          );
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
