import { Server } from 'node:http';
import { SIM_DATADOG_API_KEY, SIM_DATADOG_APP_KEY } from '../credentials';
import { Scenario } from '../scenario';
import {
  AGENT_GAP_SLOT_MS,
  DATADOG_CREATOR,
  DatadogState,
  SimMonitor,
  SimSlo,
  agentGapAt,
  buildDatadogState,
  isLegacyDatadogService,
} from '../scenario/datadog';
import { PERCENTILES, tracePoint } from '../scenario/metrics';
import { CLUSTER_NAMES, ClusterName, Service } from '../scenario/types';
import {
  ParsedQuery,
  parseQuery,
  splitQueries,
  tagMatches,
} from './datadogQuery';
import { publicEmbed } from './datadogPublic';
import { FaultRegistry } from './faults';
import {
  ErrorShaper,
  SimRequest,
  SimResponse,
  createUpstreamServer,
  json,
} from './http';

const ORG_ID = 321813;
const CREATOR_ID = 1445416;
const INTERVALS = [
  20, 60, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 86400,
];

export const datadogErrors: ErrorShaper = {
  error: (status, message) => json(status, { errors: [message] }),
  throttle: retryAfter =>
    json(
      429,
      {
        errors: [
          'Rate limit of 1000 requests in 60 seconds reached. Please try again later.',
        ],
      },
      {
        'retry-after': retryAfter,
        'x-ratelimit-limit': 1000,
        'x-ratelimit-period': 60,
        'x-ratelimit-remaining': 0,
        'x-ratelimit-reset': retryAfter,
        'x-ratelimit-name': 'simulated',
      },
    ),
};

export interface DatadogRateLimit {
  limit: number;
  periodSeconds: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Datadog's `unit` pair of a series, by metric family. */
function unitFor(stat: string) {
  if (stat === 'apdex') return undefined;
  if (stat === 'duration' || stat === 'distribution') {
    return [
      {
        family: 'time',
        name: 'second',
        plural: 'seconds',
        scale_factor: 1,
        short_name: 's',
        id: 11,
      },
      null,
    ];
  }
  return [
    {
      family: 'general',
      name: 'hit',
      plural: 'hits',
      scale_factor: 1,
      short_name: null,
      id: 42,
    },
    null,
  ];
}

function sloState(sli: number, slo: { target: number; warning: number }) {
  if (sli >= slo.warning) return 'ok';
  if (sli >= slo.target) return 'warning';
  return 'breached';
}

interface Context {
  service: Service;
  cluster: ClusterName;
  tags: Record<string, string>;
}

/** Serves Datadog's v1 API for APM metrics, monitors and SLOs. */
export class DatadogApi {
  readonly state: DatadogState;
  private readonly windows = new Map<
    string,
    { start: number; count: number }
  >();

  constructor(
    private readonly scenario: Scenario,
    private readonly rateLimit: DatadogRateLimit = {
      limit: 1000,
      periodSeconds: 60,
    },
    /** Serve trace metrics up to the wall clock, not only up to scenario.now (a running demo). */
    private readonly live = false,
  ) {
    this.state = buildDatadogState(scenario);
  }

  private rateHeaders(name: string): {
    headers: Record<string, string | number>;
    exceeded: boolean;
  } {
    const now = Date.now();
    const periodMs = this.rateLimit.periodSeconds * 1000;
    let w = this.windows.get(name);
    if (!w || now - w.start >= periodMs) {
      w = { start: now, count: 0 };
      this.windows.set(name, w);
    }
    w.count++;
    const reset = Math.max(1, Math.ceil((w.start + periodMs - now) / 1000));
    return {
      exceeded: w.count > this.rateLimit.limit,
      headers: {
        'x-ratelimit-limit': this.rateLimit.limit,
        'x-ratelimit-period': this.rateLimit.periodSeconds,
        'x-ratelimit-remaining': Math.max(0, this.rateLimit.limit - w.count),
        'x-ratelimit-reset': reset,
        'x-ratelimit-name': name,
      },
    };
  }

  handle = (req: SimRequest): SimResponse => {
    const path = req.path.replace(/\/+$/, '');
    const publicPage = publicEmbed(this.scenario, path, req.url.searchParams);
    if (publicPage) return publicPage;
    const apiKey = req.headers['dd-api-key'];
    const appKey = req.headers['dd-application-key'];
    if (apiKey !== SIM_DATADOG_API_KEY) {
      return json(403, { errors: ['Forbidden'] });
    }
    if (path === '/api/v1/validate') {
      return json(200, { valid: true });
    }
    if (appKey !== SIM_DATADOG_APP_KEY) {
      return json(403, { errors: ['Forbidden'] });
    }
    const name =
      ['query', 'monitor', 'slo'].find(n => path.startsWith(`/api/v1/${n}`)) ??
      'other';
    const rate = this.rateHeaders(name);
    if (rate.exceeded) {
      return json(
        429,
        {
          errors: [
            `Rate limit of ${this.rateLimit.limit} requests in ${this.rateLimit.periodSeconds} seconds reached. Please try again later.`,
          ],
        },
        { ...rate.headers, 'retry-after': rate.headers['x-ratelimit-reset'] },
      );
    }
    const response = this.route(req, path);
    response.headers = { ...rate.headers, ...response.headers };
    return response;
  };

  private route(req: SimRequest, path: string): SimResponse {
    if (req.method !== 'GET') {
      return json(405, { errors: ['Method Not Allowed'] });
    }
    const q = req.url.searchParams;
    if (path === '/api/v1/query') return this.query(q);
    if (path === '/api/v1/monitor') return this.listMonitors(q);
    if (path === '/api/v1/monitor/search') return this.searchMonitors(q);
    let m = /^\/api\/v1\/monitor\/(\d+)$/.exec(path);
    if (m) {
      const monitor = this.state.monitors.find(x => x.id === Number(m![1]));
      return monitor
        ? json(200, this.monitorJson(monitor))
        : json(404, { errors: ['Monitor not found'] });
    }
    if (path === '/api/v1/slo') return this.listSlos(q);
    if (path === '/api/v1/slo/search') return this.searchSlos(q);
    m = /^\/api\/v1\/slo\/([0-9a-f]+)$/.exec(path);
    if (m) {
      const slo = this.state.slos.find(x => x.id === m![1]);
      return slo
        ? json(200, { data: this.sloJson(slo), errors: [] })
        : json(404, { errors: ['SLO not found'] });
    }
    return json(404, { errors: ['Not found'] });
  }

  // ---- metrics -----------------------------------------------------------

  private contexts(parsed: ParsedQuery): Context[] {
    const m = /^trace\.(.+?)(?:\.(hits|errors|duration|apdex))?$/.exec(
      parsed.metric,
    );
    if (!m) return [];
    const op = m[1];
    const out: Context[] = [];
    for (const service of this.scenario.services) {
      if (service.operation !== op) continue;
      for (const cluster of CLUSTER_NAMES) {
        const tags: Record<string, string> = {
          service: service.name,
          env: cluster,
          kube_cluster_name: cluster,
          team: service.team.name,
          kube_namespace: service.team.namespace,
        };
        const ok = parsed.scope.every(
          s =>
            s.key === 'version' ||
            tagMatches(s.value, tags[s.key]) !== s.negate,
        );
        if (ok) out.push({ service, cluster, tags });
      }
    }
    return out;
  }

  private query(q: URLSearchParams): SimResponse {
    const from = Number(q.get('from'));
    const to = Number(q.get('to'));
    const query = q.get('query');
    if (
      !query ||
      !Number.isFinite(from) ||
      !Number.isFinite(to) ||
      q.get('from') === null ||
      q.get('to') === null
    ) {
      return json(400, {
        errors: [
          "The value provided for parameter 'query', 'from' or 'to' is invalid",
        ],
      });
    }
    if (to <= from) {
      return json(400, {
        errors: [
          "The value provided for parameter 'to' must be greater than 'from'",
        ],
      });
    }
    let parsed: ParsedQuery[];
    try {
      parsed = splitQueries(query).map(parseQuery);
    } catch (e) {
      return json(400, { errors: [(e as Error).message] });
    }
    // Answers about the older service come in the older form (no query_index, no tag_set).
    const legacy = parsed.every(p =>
      p.scope.some(
        s =>
          s.key === 'service' &&
          !s.negate &&
          isLegacyDatadogService(this.scenario, s.value),
      ),
    );
    const series = parsed.flatMap((p, index) =>
      this.series(p, legacy ? undefined : index, from * 1000, to * 1000),
    );
    if (legacy) {
      // as the earlier API reference documents the answer
      return json(200, {
        status: 'ok',
        res_type: 'time_series',
        series,
        from_date: from * 1000,
        group_by: [...new Set(parsed.flatMap(p => p.groupBy))],
        to_date: to * 1000,
        query,
        message: '',
      });
    }
    return json(200, {
      status: 'ok',
      res_type: 'time_series',
      resp_version: 1,
      query,
      from_date: from * 1000,
      to_date: to * 1000,
      series,
      values: [],
      times: [],
      message: '',
      group_by: [...new Set(parsed.flatMap(p => p.groupBy))],
    });
  }

  /**
   * The series of one query. `queryIndex` undefined: the older answer form, without query_index
   * and tag_set. Buckets in which no agent of the group reported (agentGapAt) are null points;
   * buckets partly covered count only the time the agents reported.
   */
  private series(
    p: ParsedQuery,
    queryIndex: number | undefined,
    fromMs: number,
    toMs: number,
  ) {
    const stat =
      /\.(hits|errors|duration|apdex)$/.exec(p.metric)?.[1] ?? 'distribution';
    const spanSec = (toMs - fromMs) / 1000;
    const interval =
      p.rollupSeconds ?? INTERVALS.find(i => spanSec / i <= 300) ?? 86400;
    const intervalMs = interval * 1000;
    const versionFilter = p.scope.filter(s => s.key === 'version');
    const contexts = this.contexts(p);
    const groups = new Map<
      string,
      {
        tags: string[];
        /** Per bucket; n = 0 when no agent of the group reported (a null point). */
        points: Map<number, { hits: number; value: number; n: number }>;
      }
    >();
    let percentileFactor = stat === 'duration' ? 1.2 : 1;
    if (stat === 'distribution') {
      percentileFactor = PERCENTILES[p.aggregator] ?? 1.2;
    }
    const start = Math.floor(fromMs / intervalMs) * intervalMs;
    const horizon = this.live
      ? Math.max(this.scenario.now, Date.now())
      : this.scenario.now;
    for (let t = start; t < toMs && t <= horizon; t += intervalMs) {
      for (const ctx of contexts) {
        const point = tracePoint(
          this.scenario,
          ctx.service,
          ctx.cluster,
          t,
          intervalMs,
          horizon,
        );
        if (point.releaseIndex < 0 || point.hits === 0) continue;
        // the share of the bucket the service's agent reported in
        const slots = Math.max(1, Math.round(intervalMs / AGENT_GAP_SLOT_MS));
        const step = Math.min(intervalMs, AGENT_GAP_SLOT_MS);
        let gapSlots = 0;
        for (let k = 0; k < slots; k++) {
          if (
            agentGapAt(this.scenario, ctx.service, ctx.cluster, t + k * step)
          ) {
            gapSlots++;
          }
        }
        const coverage = 1 - gapSlots / slots;
        const version = ctx.service.releases[point.releaseIndex].version;
        if (
          !versionFilter.every(f => tagMatches(f.value, version) !== f.negate)
        )
          continue;
        const tags = { ...ctx.tags, version };
        const groupTags = p.groupBy.map(
          g => `${g}:${(tags as Record<string, string>)[g] ?? 'N/A'}`,
        );
        const key = groupTags.join(',');
        let group = groups.get(key);
        if (!group) {
          group = { tags: groupTags, points: new Map() };
          groups.set(key, group);
        }
        const acc = group.points.get(t) ?? { hits: 0, value: 0, n: 0 };
        group.points.set(t, acc);
        if (coverage <= 0) continue;
        const hits = Math.round(point.hits * coverage);
        let value: number;
        switch (stat) {
          case 'hits':
            value = hits;
            break;
          case 'errors':
            value = Math.round(point.errors * coverage);
            break;
          case 'apdex':
            value = point.apdex;
            break;
          default:
            value = point.p50 * percentileFactor;
        }
        if (stat === 'hits' || stat === 'errors') {
          acc.value += value;
        } else if (p.aggregator === 'max' || p.aggregator.startsWith('p')) {
          acc.value = Math.max(acc.value, value);
        } else {
          acc.value += value * hits; // hit-weighted average
        }
        acc.hits += hits;
        acc.n++;
      }
    }
    const counting = stat === 'hits' || stat === 'errors';
    return [...groups.values()].map(group => {
      const pointlist: Array<[number, number | null]> = [
        ...group.points.entries(),
      ].map(([t, acc]) => {
        // no agent of the group reported in the bucket: Datadog's null point
        if (acc.n === 0) return [t, null];
        let v: number;
        if (counting) {
          v = p.asCount ? acc.value : acc.value / interval;
          if (p.aggregator === 'avg' && !p.asCount) v /= acc.n;
        } else if (p.aggregator === 'max' || p.aggregator.startsWith('p')) {
          v = acc.value;
        } else {
          v = acc.hits > 0 ? acc.value / acc.hits : 0;
        }
        return [t, Math.round(v * 1e6) / 1e6];
      });
      // Datadog writes the series' scope as the query's tags and the group's, sorted, and its
      // expression as the query without the grouping, on that scope.
      const tags = [
        ...new Set([
          ...p.scope.map(s => `${s.negate ? '!' : ''}${s.key}:${s.value}`),
          ...group.tags,
        ]),
      ].sort();
      const scope = tags.join(',') || '*';
      const unit = unitFor(stat);
      const legacy = queryIndex === undefined;
      return {
        metric: p.metric,
        display_name: p.metric,
        expression: `${p.explicitAggregator ? `${p.aggregator}:` : ''}${
          p.metric
        }{${scope}}${p.functions}`,
        scope,
        ...(legacy ? {} : { tag_set: group.tags }),
        pointlist,
        interval,
        length: pointlist.length,
        start: pointlist[0]?.[0] ?? fromMs,
        end: (pointlist[pointlist.length - 1]?.[0] ?? toMs) + intervalMs - 1000,
        aggr: p.explicitAggregator ? p.aggregator : null,
        attributes: {},
        ...(legacy ? { unit: null } : { query_index: queryIndex }),
        ...(unit && !legacy ? { unit } : {}),
      };
    });
  }

  // ---- monitors ----------------------------------------------------------

  private monitorJson(m: SimMonitor) {
    // laid out as a recorded GET /api/v1/monitor answer (contracts/datadog/monitors-*.json)
    return {
      id: m.id,
      org_id: ORG_ID,
      type: m.type,
      name: m.name,
      message: m.message,
      tags: m.tags,
      query: m.query,
      options: {
        notify_audit: false,
        locked: false,
        include_tags: true,
        thresholds: {
          critical: Number(/> ([\d.]+)$/.exec(m.query)?.[1] ?? 1),
        },
        new_host_delay: 300,
        require_full_window: false,
        notify_no_data: m.noData !== undefined,
        ...(m.noData ? { no_data_timeframe: m.noData.timeframeMinutes } : {}),
        silenced: {},
      },
      multi: false,
      created_at: m.created,
      created: iso(m.created),
      modified: iso(m.modified),
      deleted: null,
      restricted_roles: null,
      priority: null,
      overall_state_modified: iso(m.lastTriggered ?? m.modified),
      overall_state: m.state,
      creator: { ...DATADOG_CREATOR, id: CREATOR_ID },
      matching_downtimes: [],
    };
  }

  private listMonitors(q: URLSearchParams): SimResponse {
    const tagFilter = [
      ...(q.get('monitor_tags') ?? '').split(','),
      ...(q.get('tags') ?? '').split(','),
    ]
      .map(s => s.trim())
      .filter(Boolean);
    const name = q.get('name')?.toLowerCase();
    const ids = q.get('id_offset') ? Number(q.get('id_offset')) : 0;
    let monitors = this.state.monitors.filter(
      m =>
        m.id > ids &&
        tagFilter.every(t => m.tags.includes(t)) &&
        (!name || m.name.toLowerCase().includes(name)),
    );
    const pageSize = q.get('page_size')
      ? Math.min(1000, Number(q.get('page_size')))
      : undefined;
    if (pageSize !== undefined) {
      const page = Number(q.get('page') ?? 0);
      monitors = monitors.slice(page * pageSize, (page + 1) * pageSize);
    }
    return json(
      200,
      monitors.map(m => this.monitorJson(m)),
    );
  }

  private searchMonitors(q: URLSearchParams): SimResponse {
    const query = q.get('query') ?? '';
    const terms = [
      ...query.matchAll(/(\w+):("([^"]*)"|\S+)|"([^"]*)"|(\S+)/g),
    ].map(m =>
      m[1]
        ? { key: m[1].toLowerCase(), value: (m[3] ?? m[2]).toLowerCase() }
        : { key: 'text', value: (m[4] ?? m[5]).toLowerCase() },
    );
    const matches = (m: SimMonitor) =>
      terms.every(({ key, value }) => {
        switch (key) {
          case 'tag':
            return m.tags.includes(value);
          case 'status':
            return m.state.toLowerCase() === value;
          case 'type':
            return value === 'apm' || value === 'metric' || m.type === value;
          case 'id':
            return String(m.id) === value;
          case 'text':
            return m.name.toLowerCase().includes(value);
          default:
            return m.tags.includes(`${key}:${value}`);
        }
      });
    const found = this.state.monitors.filter(matches);
    const perPage = Math.min(1000, Number(q.get('per_page') ?? 30));
    const page = Number(q.get('page') ?? 0);
    const countBy = (f: (m: SimMonitor) => string | string[]) => {
      const counts = new Map<string, number>();
      for (const m of found) {
        for (const k of ([] as string[]).concat(f(m)))
          counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts].map(([name, count]) => ({ name, count }));
    };
    return json(200, {
      monitors: found.slice(page * perPage, (page + 1) * perPage).map(m => ({
        id: m.id,
        name: m.name,
        status: m.state,
        tags: m.tags,
        type: m.type,
        query: m.query,
        classification: 'apm',
        creator: DATADOG_CREATOR,
        last_triggered_ts: m.lastTriggered
          ? Math.floor(m.lastTriggered / 1000)
          : null,
        metrics: [m.metric],
        notifications: [
          {
            handle: `slack-${m.tags
              .find(t => t.startsWith('team:'))
              ?.slice(10)}-alerts`,
            name: 'Slack',
          },
        ],
        org_id: ORG_ID,
        scopes: m.query.match(/\{([^}]*)\}/)?.[1].split(',') ?? [],
      })),
      metadata: {
        page,
        page_count: Math.ceil(found.length / perPage),
        per_page: perPage,
        total_count: found.length,
      },
      counts: {
        status: countBy(m => m.state),
        type: countBy(() => 'apm'),
        tag: countBy(m => m.tags),
        muted: [{ name: false, count: found.length }],
      },
    });
  }

  // ---- SLOs ---------------------------------------------------------------

  private sli(slo: SimSlo): number {
    const service = this.scenario.serviceByName.get(slo.service)!;
    const history = service.deployments.prod.history;
    const last = history[history.length - 1];
    const release = last ? service.releases[last.releaseIndex] : undefined;
    const errorRate = service.baseErrorRate * (release?.errorFactor ?? 1) * 0.1;
    return Math.round((100 - errorRate * 100) * 1000) / 1000;
  }

  /**
   * `overall_status` and `status` of an SLO in a search answer, as Datadog has computed them: a
   * status per timeframe; nulls with the calculation error when the denominator is zero
   * (`no_data`); neither field while the SLO is not indexed yet.
   */
  private sloStatus(s: SimSlo) {
    if (s.status === 'unindexed') return {};
    const indexedAt = Math.floor(this.scenario.now / 1000);
    if (s.status === 'no_data') {
      const error = 'The denominator is zero valued';
      const nothing = {
        error_budget_remaining: null,
        raw_error_budget_remaining: null,
        indexed_at: indexedAt,
        span_precision: null,
        state: 'no_data',
      };
      return {
        overall_status: ['7d', '30d'].map(timeframe => ({
          ...nothing,
          status: null,
          error,
          target: s.target,
          timeframe,
        })),
        status: { ...nothing, sli: null, calculation_error: error },
      };
    }
    const sli = this.sli(s);
    const budget =
      Math.round(((sli - s.target) / (100 - s.target)) * 10000) / 100;
    return {
      overall_status: ['7d', '30d'].map(timeframe => ({
        error_budget_remaining: budget,
        indexed_at: indexedAt,
        status: sli,
        span_precision: 2,
        error: null,
        target: s.target,
        state: sloState(sli, s),
        timeframe,
      })),
      status: {
        error_budget_remaining: budget,
        indexed_at: indexedAt,
        span_precision: 2,
        state: sloState(sli, s),
        sli,
        calculation_error: null,
      },
    };
  }

  private sloJson(slo: SimSlo) {
    const thresholds = ['7d', '30d'].map(timeframe => ({
      timeframe,
      target: slo.target,
      target_display: String(slo.target),
      warning: slo.warning,
      warning_display: String(slo.warning),
    }));
    return {
      id: slo.id,
      name: slo.name,
      description: slo.description,
      type: slo.type,
      type_id: 1,
      query: { numerator: slo.numerator, denominator: slo.denominator },
      thresholds,
      timeframe: '30d',
      target_threshold: slo.target,
      warning_threshold: slo.warning,
      tags: slo.tags,
      monitor_tags: [],
      monitor_ids: [],
      groups: [],
      created_at: Math.floor(slo.created / 1000),
      modified_at: Math.floor(slo.modified / 1000),
      creator: DATADOG_CREATOR,
    };
  }

  private listSlos(q: URLSearchParams): SimResponse {
    const ids = q.get('ids')?.split(',').filter(Boolean);
    const tags = (q.get('tags_query') ?? '')
      .split(/,|\s+AND\s+/)
      .map(s => s.trim())
      .filter(Boolean);
    const text = q.get('query')?.toLowerCase();
    const all = this.state.slos.filter(
      s =>
        (!ids || ids.includes(s.id)) &&
        tags.every(t => s.tags.includes(t)) &&
        (!text || s.name.toLowerCase().includes(text)),
    );
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 1000);
    return json(200, {
      data: all.slice(offset, offset + limit).map(s => this.sloJson(s)),
      errors: [],
      metadata: {
        page: {
          total_count: this.state.slos.length,
          total_filtered_count: all.length,
        },
      },
    });
  }

  private searchSlos(q: URLSearchParams): SimResponse {
    const query = (q.get('query') ?? '').trim();
    const terms = [
      ...query.matchAll(/(\w+):("([^"]*)"|\S+)|"([^"]*)"|(\S+)/g),
    ].map(m =>
      m[1]
        ? { tag: `${m[1]}:${m[3] ?? m[2]}` }
        : { text: (m[4] ?? m[5]).toLowerCase() },
    );
    const found = this.state.slos.filter(s =>
      terms.every(t =>
        'tag' in t && t.tag
          ? s.tags.includes(t.tag)
          : s.name.toLowerCase().includes((t as any).text),
      ),
    );
    const size = Math.max(1, Number(q.get('page[size]') ?? 10));
    const number = Number(q.get('page[number]') ?? 0);
    const last = Math.max(0, Math.ceil(found.length / size) - 1);
    const tagValues = (prefix: string, s: SimSlo) =>
      s.tags.filter(t => t.startsWith(prefix));
    return json(200, {
      data: {
        type: 'service_level_objective_search_results',
        attributes: {
          slos: found.slice(number * size, (number + 1) * size).map(s => {
            return {
              data: {
                id: s.id,
                type: 'slo',
                attributes: {
                  name: s.name,
                  description: s.description,
                  all_tags: s.tags,
                  service_tags: tagValues('service:', s),
                  env_tags: tagValues('env:', s),
                  team_tags: tagValues('team:', s),
                  slo_type: s.type,
                  query: {
                    numerator: s.numerator,
                    denominator: s.denominator,
                    metrics: null,
                  },
                  thresholds: this.sloJson(s).thresholds,
                  ...this.sloStatus(s),
                  created_at: Math.floor(s.created / 1000),
                  modified_at: Math.floor(s.modified / 1000),
                  creator: {
                    email: DATADOG_CREATOR.email,
                    id: CREATOR_ID,
                    name: DATADOG_CREATOR.name,
                  },
                  groups: null,
                  monitor_ids: null,
                },
              },
            };
          }),
          facets: {},
        },
      },
      links: {
        self: `/api/v1/slo/search?page[number]=${number}&page[size]=${size}`,
        first: `/api/v1/slo/search?page[number]=0&page[size]=${size}`,
        last: `/api/v1/slo/search?page[number]=${last}&page[size]=${size}`,
        ...(number < last
          ? {
              next: `/api/v1/slo/search?page[number]=${
                number + 1
              }&page[size]=${size}`,
            }
          : {}),
        ...(number > 0
          ? {
              prev: `/api/v1/slo/search?page[number]=${
                number - 1
              }&page[size]=${size}`,
            }
          : {}),
      },
      meta: {
        pagination: {
          first_number: 0,
          last_number: last,
          next_number: number < last ? number + 1 : null,
          number,
          prev_number: number > 0 ? number - 1 : null,
          size,
          total: found.length,
          type: 'number_size',
        },
      },
    });
  }
}

export function createDatadogServer(
  scenario: Scenario,
  faults: FaultRegistry,
  rateLimit?: DatadogRateLimit,
  live?: boolean,
): { server: Server; api: DatadogApi } {
  const api = new DatadogApi(scenario, rateLimit, live);
  const server = createUpstreamServer({
    id: 'datadog',
    faults,
    errors: datadogErrors,
    handler: api.handle,
  });
  return { server, api };
}
