import {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityReader } from '@internal/backend-access-guard';
import { NotFoundError } from '@backstage/errors';
import {
  APM_RANGES,
  ApmMonitor,
  ApmRange,
  ApmSlo,
  DATADOG_SERVICE_NAME_ANNOTATION,
  DATADOG_SITE_ANNOTATION,
  EntityDatadog,
  MonitorState,
  ServiceApm,
  resolveEmbeds,
} from '@internal/plugin-datadog-apm-common';
import { DatadogApmSettings } from '../../config';
import {
  DatadogClient,
  DatadogConfigurationError,
  trySite,
} from '@internal/backend-datadog';
import { buildMetrics, noDataMessage, seriesByQuery } from './buildMetrics';
import { matchSeries, seriesTags } from './matchSeries';
import {
  SERVICE_TAG,
  StatsQueryName,
  discoveryQueries,
  statsQueries,
} from './queries';
import { ReadThrough } from './readThrough';
import {
  largeDrop,
  PreparedBodies,
  PreparedBody,
  prepareBody,
  ProcessSnapshots,
} from '@internal/backend-read-through-cache';

export interface DatadogApmService {
  getEntity(options: {
    entityRef: string;
    range: ApmRange;
    credentials: BackstageCredentials;
  }): Promise<EntityDatadog>;
  /** The same answer as JSON ready to send (serialized and gzipped once per fresh answer). */
  getEntityBody(options: {
    entityRef: string;
    range: ApmRange;
    credentials: BackstageCredentials;
  }): Promise<PreparedBody>;
}

/** A service's answer is assembled at most this often per process (the cache's in-process reuse). */
const RECENT_MS = 2_000;
const MAX_RECENT = 2_000;

interface Discovery {
  operation?: string;
  envs: string[];
}

const DISCOVERY_DAYS = 7;

const SLO_STATES: string[] = ['ok', 'warning', 'breached', 'no_data'];

/** A list much shorter than the last good one waits for a second answer before it is shown. */
function dropOf(what: string) {
  return (fresh: unknown[], last: unknown[] | undefined) => {
    const drop = largeDrop(last?.length ?? 0, fresh.length, { minPrevious: 2 });
    return drop
      ? {
          reason: `Datadog answered ${fresh.length} ${what}, ${drop}`,
          needsConfirmation: true,
        }
      : undefined;
  };
}

export function createDatadogApm(options: {
  settings: DatadogApmSettings;
  client: DatadogClient;
  cache: CacheService;
  /** The caller's by-ref reads (createEntityMemo over the catalog). */
  catalog: EntityReader<Entity>;
  logger: LoggerService;
  now?: () => number;
}): DatadogApmService {
  const { settings, client, catalog } = options;
  const now = options.now ?? Date.now;
  const ttlMs = settings.cacheSeconds * 1000;
  const reads = new ReadThrough({
    cache: options.cache,
    ttlMs,
    lastGoodTtlMs: settings.lastGoodHours * 3_600_000,
    failureMemoMs: Math.min(ttlMs, 10_000),
    logger: options.logger,
  });
  const app = settings.site.appUrl;

  const links = (service: string) => ({
    apm: `${app}/apm/services/${encodeURIComponent(service)}`,
    monitors: `${app}/monitors/manage?q=${encodeURIComponent(
      `service:${service}`,
    )}`,
    slos: `${app}/slo/manage?query=${encodeURIComponent(`service:${service}`)}`,
  });

  /** Which trace operation carries the service's metrics, and in which envs. */
  async function discover(service: string): Promise<Discovery> {
    const to = Math.floor(now() / 3_600_000) * 3600;
    const from = to - DISCOVERY_DAYS * 86_400;
    const queries = discoveryQueries(service, settings.operations);
    const response = await client.queryMetrics(from, to, queries.join(','));
    const series = response.series ?? [];
    // by query_index, or by expression and scope in older answers without it
    const matched = matchSeries(queries, series);
    const totals = new Map<number, number>();
    const envs = new Map<number, Set<string>>();
    series.forEach((s, n) => {
      const i = matched[n];
      // null points are gaps
      const sum = (s.pointlist ?? []).reduce((a, [, v]) => a + (v ?? 0), 0);
      if (i < 0 || !(sum > 0)) return;
      totals.set(i, (totals.get(i) ?? 0) + sum);
      const env = seriesTags(s).env;
      if (env) envs.set(i, (envs.get(i) ?? new Set()).add(env));
    });
    const best = [...totals].sort((a, b) => b[1] - a[1])[0]?.[0];
    return best === undefined
      ? { envs: [] }
      : {
          operation: settings.operations[best],
          envs: [...(envs.get(best) ?? [])].sort(),
        };
  }

  async function serviceApm(
    service: string,
    range: ApmRange,
  ): Promise<ServiceApm> {
    const r = APM_RANGES[range];
    const toSec = Math.floor(now() / 1000 / r.bucketSeconds) * r.bucketSeconds;
    const fromSec = toSec - r.seconds;
    const base: Omit<ServiceApm, 'metrics' | 'monitors' | 'slos'> = {
      service,
      range,
      from: new Date(fromSec * 1000).toISOString(),
      to: new Date(toSec * 1000).toISOString(),
      links: links(service),
    };
    if (!SERVICE_TAG.test(service)) {
      const error = `The ${DATADOG_SERVICE_NAME_ANNOTATION} annotation "${service}" is not a Datadog service tag: use the lowercase DD_SERVICE value (letters, digits, - _ . /).`;
      return {
        ...base,
        metrics: { error },
        monitors: { error },
        slos: { error },
      };
    }
    try {
      const [metrics, monitors, slos] = await Promise.all([
        (async () => {
          // Discovery changes rarely: an hour when found, one cache period when not.
          const discovery = await reads.section(
            `discovery:${service}`,
            `discovery:${service}`,
            () => discover(service),
            3_600_000,
            (fresh, last) =>
              !fresh.operation && last?.operation
                ? {
                    reason: `Datadog answered no ${last.operation} traffic for ${service} in the last ${DISCOVERY_DAYS} days, where it had some`,
                    needsConfirmation: true,
                  }
                : undefined,
          );
          if (!discovery.data) {
            return { error: discovery.error, stale: discovery.stale };
          }
          const { operation, envs } = discovery.data;
          if (!operation) {
            return {
              data: {
                operation: '',
                envs: [],
                quietEnvs: [],
                versions: [],
                deploys: [],
                noData: noDataMessage(
                  service,
                  'any env',
                  `in the last ${DISCOVERY_DAYS} days`,
                ),
              },
              fetchedAt: discovery.fetchedAt,
            };
          }
          const queries = statsQueries(service, operation);
          const names = Object.keys(queries) as StatsQueryName[];
          return reads.section(
            `stats:${service}:${operation}:${range}:${toSec}`,
            `stats:${service}:${range}`,
            async () => {
              const response = await client.queryMetrics(
                fromSec - r.seconds,
                toSec,
                names.map(n => queries[n]).join(','),
              );
              return buildMetrics(
                operation,
                seriesByQuery(response, names, queries),
                {
                  service,
                  from: fromSec * 1000,
                  to: toSec * 1000,
                  rangeLabel: r.label
                    .toLowerCase()
                    .replace(/^last/, 'in the last'),
                  knownEnvs: envs,
                },
              );
            },
            ttlMs,
            (fresh, last) =>
              fresh.envs.length === 0 && (last?.envs.length ?? 0) > 0
                ? {
                    reason: `Datadog answered no series for ${service} where it had ${
                      last!.envs.length
                    } env${last!.envs.length === 1 ? '' : 's'} with traffic`,
                    needsConfirmation: true,
                  }
                : undefined,
          );
        })(),
        reads.section(
          `monitors:${service}`,
          `monitors:${service}`,
          () => readMonitors(service),
          ttlMs,
          dropOf('monitors'),
        ),
        reads.section(
          `slos:${service}`,
          `slos:${service}`,
          () => readSlos(service),
          ttlMs,
          dropOf('SLOs'),
        ),
      ]);
      return { ...base, metrics, monitors, slos };
    } catch (error) {
      if (!(error instanceof DatadogConfigurationError)) throw error;
      return {
        ...base,
        configurationError: error.message,
        metrics: {},
        monitors: {},
        slos: {},
      };
    }
  }

  async function readMonitors(service: string): Promise<ApmMonitor[]> {
    const monitors = await client.listMonitors(`service:${service}`);
    const order: Record<string, number> = {
      Alert: 0,
      Warn: 1,
      'No Data': 2,
      Unknown: 3,
      OK: 4,
    };
    return monitors
      .map(m => ({
        id: m.id ?? 0,
        name: m.name ?? `Monitor ${m.id}`,
        state: (typeof m.overallState === 'string'
          ? m.overallState
          : 'Unknown') as MonitorState,
        url: `${app}/monitors/${m.id}`,
      }))
      .sort(
        (a, b) =>
          (order[a.state] ?? 3) - (order[b.state] ?? 3) ||
          a.name.localeCompare(b.name),
      );
  }

  async function readSlos(service: string): Promise<ApmSlo[]> {
    const response = await client.searchSlos(`service:${service}`);
    return (response.data?.attributes?.slos ?? []).flatMap(s => {
      const d = s.data;
      if (!d?.id) return [];
      const a = d.attributes ?? {};
      const overall =
        a.overallStatus?.find(o => o.timeframe === '30d') ??
        a.overallStatus?.[0];
      const target =
        overall?.target ??
        a.thresholds?.find(t => t.timeframe === overall?.timeframe)?.target ??
        a.thresholds?.[0]?.target;
      if (target === undefined) return [];
      // Datadog answers null (no data yet) or leaves overall_status and status out (not indexed
      // yet): then there is no number and no state to show, never a 0 or an "ok".
      const num = (...values: Array<number | null | undefined>) =>
        values.find(
          (v): v is number => typeof v === 'number' && Number.isFinite(v),
        );
      const state = [overall?.state, a.status?.state].find(
        (x): x is NonNullable<ApmSlo['state']> =>
          typeof x === 'string' && SLO_STATES.includes(x),
      );
      const current = num(overall?.status, a.status?.sli);
      const errorBudgetRemaining = num(
        overall?.errorBudgetRemaining,
        a.status?.errorBudgetRemaining,
      );
      return [
        {
          id: d.id,
          name: a.name ?? d.id,
          timeframe: String(
            overall?.timeframe ?? a.thresholds?.[0]?.timeframe ?? '',
          ),
          target,
          ...(current !== undefined ? { current } : {}),
          ...(errorBudgetRemaining !== undefined
            ? { errorBudgetRemaining }
            : {}),
          ...(state ? { state } : {}),
          url: `${app}/slo?slo_id=${encodeURIComponent(d.id)}`,
        },
      ];
    });
  }

  /**
   * One assembled answer per service and range, shared by every viewer for `RECENT_MS` (at most
   * the cache period): a busy service page assembles it a few times a minute, not per request.
   */
  const recent = new ProcessSnapshots<ServiceApm>(
    Math.min(RECENT_MS, ttlMs),
    MAX_RECENT,
    now,
  );
  const recentApm = (service: string, range: ApmRange) =>
    recent.get(`${service}|${range}`, () => serviceApm(service, range));

  async function entityAnswer({
    entityRef,
    range,
    credentials,
  }: {
    entityRef: string;
    range: ApmRange;
    credentials: BackstageCredentials;
  }) {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const annotations = entity.metadata.annotations ?? {};
    const service = annotations[DATADOG_SERVICE_NAME_ANNOTATION]?.trim();
    const publicBase =
      settings.publicBaseUrl ??
      trySite(annotations[DATADOG_SITE_ANNOTATION])?.publicUrl ??
      settings.site.publicUrl;
    const embeds = resolveEmbeds(annotations, publicBase);
    const apm = service ? await recentApm(service, range) : undefined;
    const answer: EntityDatadog = {
      entityRef: stringifyEntityRef(entity),
      ...(apm ? { apm } : {}),
      ...(embeds ? { embeds } : {}),
    };
    return { apm, answer };
  }

  const bodies = new PreparedBodies(16 * 1024 * 1024);
  return {
    async getEntity(request) {
      return (await entityAnswer(request)).answer;
    },
    async getEntityBody(request) {
      const { apm, answer } = await entityAnswer(request);
      const serialize = () => JSON.stringify(answer);
      // Keyed by everything else the answer holds; made again with each fresh assembled answer.
      return apm
        ? bodies.get(
            apm,
            `${answer.entityRef}|${request.range}|${JSON.stringify(
              answer.embeds ?? null,
            )}`,
            serialize,
          )
        : prepareBody(serialize());
    },
  };
}
