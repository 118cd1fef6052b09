// Only the v1 API: the package root also loads v2's thousands of models (~1.5 s, ~80 MB RSS).
import type * as v1 from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1';
import {
  APM_STATS,
  ApmDeployMarker,
  ApmEnvNoData,
  ApmEnvSeries,
  ApmMetrics,
  ApmPoint,
  ApmStat,
  ApmVersionStats,
} from '@internal/plugin-datadog-apm-common';
import { matchSeries, seriesTags } from './matchSeries';
import { StatsQueryName } from './queries';

export const noDataMessage = (service: string, env: string, when: string) =>
  `No APM data for service ${service} in env ${env} ${when}: check the datadoghq.com/service-name annotation and the DD_SERVICE / DD_ENV tags of the service.`;

type Series = v1.MetricsQueryMetadata;

/** Tag values of a series, e.g. `{ env: 'prod', version: '1.2.0' }` (from `tag_set`, else its scope). */
const tagsOf = seriesTags;

/**
 * Series of each query. Matched by `query_index`, or, in answers without it, by the series'
 * expression, metric, scope and tags against the queries sent (`queries[name]`).
 */
export function seriesByQuery(
  response: v1.MetricsQueryResponse,
  names: StatsQueryName[],
  queries: Record<StatsQueryName, string>,
): Record<StatsQueryName, Series[]> {
  const out = Object.fromEntries(names.map(n => [n, [] as Series[]])) as Record<
    StatsQueryName,
    Series[]
  >;
  const series = response.series ?? [];
  const matched = matchSeries(
    names.map(n => queries[n]),
    series,
  );
  series.forEach((s, i) => {
    const name = names[matched[i]];
    if (name) out[name].push(s);
  });
  return out;
}

/** A point's value, or null for a gap (Datadog sends `[t, null]` where it has no data). */
const valueOf = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

interface Window {
  service: string;
  /** Epoch ms bounds of the current range; the previous period is [from - span, from). */
  from: number;
  to: number;
  rangeLabel: string;
  /** Envs Datadog knows the service in (from discovery). */
  knownEnvs: string[];
}

const envKey = (tags: Record<string, string>) =>
  `${tags.env ?? 'none'}|${tags.kube_cluster_name ?? tags.env ?? 'none'}`;

const emptyStats = (): Record<ApmStat, ApmPoint[]> =>
  Object.fromEntries(APM_STATS.map(s => [s, []])) as unknown as Record<
    ApmStat,
    ApmPoint[]
  >;

/**
 * Turns one stats answer (current and previous period in one window) into the card's series,
 * per-version breakdown, deploy markers and no-data messages.
 */
export function buildMetrics(
  operation: string,
  series: Record<StatsQueryName, Series[]>,
  w: Window,
): ApmMetrics {
  const span = w.to - w.from;
  const groups = new Map<
    string,
    {
      env: string;
      cluster: string;
      /** Bucket time → value, null where Datadog answered a gap. */
      raw: Record<string, Map<number, number | null>>;
      interval: number;
    }
  >();
  const groupFor = (s: Series) => {
    const tags = tagsOf(s);
    const key = envKey(tags);
    let g = groups.get(key);
    if (!g) {
      g = {
        env: tags.env ?? 'none',
        cluster: tags.kube_cluster_name ?? tags.env ?? 'none',
        raw: {},
        interval: s.interval ?? 60,
      };
      groups.set(key, g);
    }
    return g;
  };
  for (const name of [
    'hits',
    'errors',
    'p50',
    'p95',
    'p99',
    'apdex',
  ] as StatsQueryName[]) {
    for (const s of series[name]) {
      const g = groupFor(s);
      const m = (g.raw[name] ??= new Map());
      for (const [t, v] of s.pointlist ?? []) {
        const value = valueOf(v);
        // several series of one group (it should not happen) add up; a gap never hides a value
        if (value !== null) m.set(t, (m.get(t) ?? 0) + value);
        else if (!m.has(t)) m.set(t, null);
      }
      if (name === 'hits' && s.interval) g.interval = s.interval;
    }
  }

  const envs: ApmEnvSeries[] = [];
  const quietEnvs: ApmEnvNoData[] = [];
  for (const g of [...groups.values()].sort((a, b) =>
    `${a.env}|${a.cluster}`.localeCompare(`${b.env}|${b.cluster}`),
  )) {
    const hits = g.raw.hits ?? new Map<number, number | null>();
    const current = emptyStats();
    const previous = emptyStats();
    const sums = {
      current: {
        hits: 0,
        gaps: 0,
        errors: 0,
        errorHits: 0,
        w: {} as Record<string, number>,
        wHits: {} as Record<string, number>,
      },
      previous: {
        hits: 0,
        gaps: 0,
        errors: 0,
        errorHits: 0,
        w: {} as Record<string, number>,
        wHits: {} as Record<string, number>,
      },
    };
    const times = [...hits.keys()].sort((a, b) => a - b);
    for (const t of times) {
      if (t >= w.to) continue;
      const period = t >= w.from ? 'current' : 'previous';
      if (t < w.from - span) continue;
      const target = period === 'current' ? current : previous;
      const shifted = period === 'current' ? t : t + span;
      const acc = sums[period];
      const h = hits.get(t) ?? null;
      if (h === null) {
        // A gap: no data, not zero traffic. Charted as a break, and left out of the averages.
        acc.gaps++;
        for (const stat of APM_STATS)
          target[stat].push({ t: shifted, v: null });
        continue;
      }
      acc.hits += h;
      target.requests.push({ t: shifted, v: round(h / g.interval) });
      // An errors bucket Datadog left out means no errors; a null one means unknown.
      const e = g.raw.errors?.has(t) ? g.raw.errors.get(t)! : 0;
      if (h > 0)
        target.errorRate.push({
          t: shifted,
          v: e === null ? null : round(e / h),
        });
      if (e !== null) {
        acc.errors += e;
        acc.errorHits += h;
      }
      for (const stat of ['p50', 'p95', 'p99', 'apdex'] as const) {
        const m = g.raw[stat];
        if (!m?.has(t) || h === 0) continue;
        const v = m.get(t)!;
        target[stat].push({ t: shifted, v: v === null ? null : round(v) });
        if (v === null) continue;
        acc.w[stat] = (acc.w[stat] ?? 0) + v * h;
        acc.wHits[stat] = (acc.wHits[stat] ?? 0) + h;
      }
    }
    if (sums.current.hits === 0) {
      quietEnvs.push({
        env: g.env,
        message: noDataMessage(w.service, g.env, w.rangeLabel),
      });
      continue;
    }
    const summary = Object.fromEntries(
      APM_STATS.map(stat => {
        const value = (p: 'current' | 'previous') => {
          const acc = sums[p];
          if (acc.hits === 0) return undefined;
          // requests/s over the part of the range Datadog has data for (gaps are not zeros)
          const known = span / 1000 - acc.gaps * g.interval;
          if (stat === 'requests') {
            return known > 0 ? round(acc.hits / known) : undefined;
          }
          if (stat === 'errorRate') {
            return acc.errorHits > 0
              ? round(acc.errors / acc.errorHits)
              : undefined;
          }
          return acc.w[stat] === undefined || !acc.wHits[stat]
            ? undefined
            : round(acc.w[stat] / acc.wHits[stat]);
        };
        return [
          stat,
          { current: value('current'), previous: value('previous') },
        ];
      }),
    ) as ApmEnvSeries['summary'];
    envs.push({ env: g.env, cluster: g.cluster, current, previous, summary });
  }
  for (const env of w.knownEnvs) {
    if (!groups.has(env) && ![...groups.values()].some(g => g.env === env)) {
      quietEnvs.push({
        env,
        message: noDataMessage(w.service, env, w.rangeLabel),
      });
    }
  }

  const { versions, deploys } = buildVersions(series, w);
  return {
    operation,
    envs,
    quietEnvs,
    versions,
    deploys,
    ...(envs.length === 0
      ? {
          noData: noDataMessage(
            w.service,
            w.knownEnvs.length ? w.knownEnvs.join(', ') : 'any env',
            w.rangeLabel,
          ),
        }
      : {}),
  };
}

function buildVersions(
  series: Record<StatsQueryName, Series[]>,
  w: Window,
): { versions: ApmVersionStats[]; deploys: ApmDeployMarker[] } {
  const stats = new Map<
    string,
    ApmVersionStats & { errors: number; first: number; last: number }
  >();
  // per env/cluster: bucket time -> version -> hits, for the dominant version per bucket
  const buckets = new Map<string, Map<number, Map<string, number>>>();
  const keyOf = (tags: Record<string, string>) =>
    `${envKey(tags)}|${tags.version ?? 'none'}`;
  for (const s of series.versionHits) {
    const tags = tagsOf(s);
    const version = tags.version ?? 'none';
    const ek = envKey(tags);
    const perEnv = buckets.get(ek) ?? new Map();
    buckets.set(ek, perEnv);
    for (const [t, v] of s.pointlist ?? []) {
      if (!(v > 0) || t >= w.to) continue;
      const perBucket = perEnv.get(t) ?? new Map<string, number>();
      perBucket.set(version, (perBucket.get(version) ?? 0) + v);
      perEnv.set(t, perBucket);
      if (t < w.from) continue;
      const k = keyOf(tags);
      const st = stats.get(k) ?? {
        env: tags.env ?? 'none',
        cluster: tags.kube_cluster_name ?? tags.env ?? 'none',
        version,
        requests: 0,
        errorRate: 0,
        errors: 0,
        firstSeen: '',
        lastSeen: '',
        first: t,
        last: t,
      };
      st.requests += v;
      st.first = Math.min(st.first, t);
      st.last = Math.max(st.last, t);
      stats.set(k, st);
    }
  }
  for (const s of series.versionErrors) {
    const st = stats.get(keyOf(tagsOf(s)));
    if (!st) continue;
    for (const [t, v] of s.pointlist ?? []) {
      if (t >= w.from && t < w.to && v > 0) st.errors += v;
    }
  }
  for (const s of series.versionP95) {
    const st = stats.get(keyOf(tagsOf(s)));
    if (!st) continue;
    for (const [t, v] of s.pointlist ?? []) {
      if (t >= w.from && t < w.to && Number.isFinite(v)) {
        st.p95 = Math.max(st.p95 ?? 0, round(v));
      }
    }
  }
  const versions = [...stats.values()]
    .map(({ errors, first, last, ...st }) => ({
      ...st,
      requests: Math.round(st.requests),
      errorRate: st.requests > 0 ? round(errors / st.requests) : 0,
      firstSeen: new Date(first).toISOString(),
      lastSeen: new Date(last).toISOString(),
    }))
    .sort(
      (a, b) =>
        a.env.localeCompare(b.env) ||
        a.cluster.localeCompare(b.cluster) ||
        b.firstSeen.localeCompare(a.firstSeen),
    );

  const deploys: ApmDeployMarker[] = [];
  for (const [ek, perEnv] of buckets) {
    const [env, cluster] = ek.split('|');
    let previousVersion: string | undefined;
    for (const t of [...perEnv.keys()].sort((a, b) => a - b)) {
      const dominant = [...perEnv.get(t)!].sort((a, b) => b[1] - a[1])[0][0];
      if (previousVersion !== undefined && dominant !== previousVersion) {
        if (t >= w.from) {
          deploys.push({
            env,
            cluster,
            at: new Date(t).toISOString(),
            version: dominant,
            previousVersion,
          });
        }
      }
      previousVersion = dominant;
    }
  }
  deploys.sort((a, b) => a.at.localeCompare(b.at));
  return { versions, deploys };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
