import { LoggerService } from '@backstage/backend-plugin-api';
import type * as client from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common';
import type * as v1 from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1';
import { datadogVendor } from './vendor';
import {
  DatadogConfigurationError,
  DatadogRateLimitError,
  DatadogUnavailableError,
} from './errors';

/** Rate-limit families of the endpoints we call; Datadog limits each separately. */
export type DatadogFamily = 'query' | 'monitor' | 'slo';

/** The Datadog endpoints the APM plugin reads, through the vendor's client. */
export interface DatadogClient {
  /** `GET /api/v1/query`: several comma-separated queries in one request. */
  queryMetrics(
    fromSeconds: number,
    toSeconds: number,
    query: string,
  ): Promise<v1.MetricsQueryResponse>;
  /** `GET /api/v1/monitor?monitor_tags=`. */
  listMonitors(monitorTags: string): Promise<v1.Monitor[]>;
  /** `GET /api/v1/slo/search?query=`. */
  searchSlos(query: string): Promise<v1.SearchSLOResponse>;
}

export interface DatadogClientOptions {
  apiBaseUrl: string;
  apiKey?: string;
  appKey?: string;
  requestTimeoutMs: number;
  logger: LoggerService;
  now?: () => number;
}

/** Longest a Retry-After or X-RateLimit-Reset may hold a family of requests back. */
export const MAX_RETRY_AFTER_SECONDS = 300;

/** A 200 whose body is not the documented shape is an unusable answer, not an empty one. */
function shaped<T>(family: DatadogFamily, what: string, ok: (v: T) => boolean) {
  return (value: T): T => {
    if (!ok(value)) {
      throw new DatadogUnavailableError(
        `Datadog answered 200 without ${what} to a ${family} request`,
      );
    }
    return value;
  };
}

function familyOf(url: string): DatadogFamily | undefined {
  const path = new URL(url).pathname;
  if (path.startsWith('/api/v1/query')) return 'query';
  if (path.startsWith('/api/v1/monitor')) return 'monitor';
  if (path.startsWith('/api/v1/slo')) return 'slo';
  return undefined;
}

const header = (headers: Record<string, string>, name: string) => {
  const value = Number(headers[name]);
  return headers[name] !== undefined && Number.isFinite(value)
    ? value
    : undefined;
};

/**
 * The Datadog client with Pier's upstream discipline: a timeout per request, and Datadog's
 * `X-RateLimit-*` headers honoured per family. When a family's remaining budget is 0, or after a
 * 429, no request of that family leaves until its reset time: callers get a DatadogRateLimitError
 * at once and serve their last good data.
 */
export function createDatadogClient(
  options: DatadogClientOptions,
): DatadogClient {
  const { apiKey, appKey } = options;
  const now = options.now ?? Date.now;
  const blockedUntil = new Map<DatadogFamily, number>();
  const httpApi = rateLimitedHttpApi(options, blockedUntil);
  // The vendor's APIs, built on the first request (the vendor's modules load then: vendor.ts).
  let apis: ReturnType<typeof createApis> | undefined;
  const getApis = () => (apis ??= createApis(options, httpApi()));

  const call = async <T>(
    family: DatadogFamily,
    fn: () => Promise<T>,
  ): Promise<T> => {
    if (!apiKey || !appKey) {
      throw new DatadogConfigurationError(
        'Datadog keys are not configured: set datadog.apiKey and datadog.appKey (DATADOG_API_KEY and DATADOG_APP_KEY in production).',
      );
    }
    const until = blockedUntil.get(family) ?? 0;
    if (until > now()) {
      throw new DatadogRateLimitError(
        `Datadog rate limit reached for ${family} requests; retrying after ${new Date(
          until,
        ).toISOString()}`,
        until,
      );
    }
    try {
      return await fn();
    } catch (error) {
      throw translate(error, family, blockedUntil.get(family) ?? now());
    }
  };

  return {
    queryMetrics: (from, to, query) =>
      call('query', () =>
        getApis().metrics.queryMetrics({ from, to, query }),
      ).then(shaped('query', 'series', r => Array.isArray(r?.series))),
    listMonitors: monitorTags =>
      call('monitor', () =>
        getApis().monitors.listMonitors({ monitorTags }),
      ).then(shaped('monitor', 'a list of monitors', r => Array.isArray(r))),
    searchSlos: query =>
      call('slo', () => getApis().slos.searchSLO({ query })).then(
        shaped('slo', 'data', r => typeof r?.data === 'object' && !!r.data),
      ),
  };
}

function translate(error: unknown, family: DatadogFamily, retryAt: number) {
  if (error instanceof datadogVendor().client.ApiException) {
    if (error.code === 401 || error.code === 403) {
      return new DatadogConfigurationError(
        `Datadog rejected the configured keys (HTTP ${error.code}): check datadog.apiKey and datadog.appKey (DATADOG_API_KEY and DATADOG_APP_KEY in production), that the application key may read metrics, monitors and SLOs, and that datadog.site is your organisation's site.`,
      );
    }
    if (error.code === 429) {
      return new DatadogRateLimitError(
        `Datadog rate limit reached for ${family} requests; retrying after ${new Date(
          retryAt,
        ).toISOString()}`,
        retryAt,
      );
    }
    return new DatadogUnavailableError(
      `Datadog answered HTTP ${error.code} to a ${family} request`,
    );
  }
  const e = error as Error;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new DatadogUnavailableError(
      `Datadog did not answer a ${family} request in time`,
    );
  }
  // The vendor's deserializer refuses a 200 whose body is not the documented type.
  if (/mismatch types/.test(e?.message ?? '')) {
    return new DatadogUnavailableError(
      `Datadog answered 200 without the documented body to a ${family} request`,
    );
  }
  return new DatadogUnavailableError(
    `Datadog ${family} request failed: ${e?.message ?? String(error)}`,
  );
}

/** The vendor's HTTP library with Pier's timeout and per-family rate-limit bookkeeping. */
function rateLimitedHttpApi(
  options: DatadogClientOptions,
  blockedUntil: Map<DatadogFamily, number>,
): () => client.HttpLibrary {
  const { logger } = options;
  const now = options.now ?? Date.now;
  return () => {
    const fetchLibrary =
      new (datadogVendor().client.IsomorphicFetchHttpLibrary)();
    return {
      async send(request) {
        request.setHttpConfig({
          ...request.getHttpConfig(),
          signal: AbortSignal.timeout(options.requestTimeoutMs),
        });
        const family = familyOf(request.getUrl());
        logger.info('Datadog request', {
          family,
          path: new URL(request.getUrl()).pathname,
        });
        const response = await fetchLibrary.send(request);
        if (family) {
          const h = response.headers;
          const remaining = header(h, 'x-ratelimit-remaining');
          const reset = header(h, 'x-ratelimit-reset');
          const retryAfter = header(h, 'retry-after');
          if (response.httpStatusCode === 429) {
            const wait = Math.min(
              retryAfter ?? reset ?? 10,
              MAX_RETRY_AFTER_SECONDS,
            );
            blockedUntil.set(family, now() + wait * 1000);
          } else if (remaining === 0 && reset !== undefined) {
            blockedUntil.set(
              family,
              now() + Math.min(reset, MAX_RETRY_AFTER_SECONDS) * 1000,
            );
          }
        }
        return response;
      },
    };
  };
}

/** The three v1 APIs Pier reads, on one configuration without the vendor's own retries. */
function createApis(
  options: DatadogClientOptions,
  httpApi: client.HttpLibrary,
) {
  const { client: common, v1: api } = datadogVendor();
  const configuration = common.createConfiguration({
    authMethods: {
      apiKeyAuth: options.apiKey ?? '',
      appKeyAuth: options.appKey ?? '',
    },
    baseServer: new common.BaseServerConfiguration(options.apiBaseUrl, {}),
    httpApi,
    enableRetry: false,
  });
  return {
    metrics: new api.MetricsApi(configuration),
    monitors: new api.MonitorsApi(configuration),
    slos: new api.ServiceLevelObjectivesApi(configuration),
  };
}
