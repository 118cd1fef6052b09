/** Time ranges of the charts. @public */
export type ApmRange = '1h' | '24h' | '7d';

/** @public */
export const APM_RANGES: Record<
  ApmRange,
  { seconds: number; bucketSeconds: number; label: string }
> = {
  '1h': { seconds: 3600, bucketSeconds: 60, label: 'Last hour' },
  '24h': { seconds: 86_400, bucketSeconds: 300, label: 'Last 24 hours' },
  '7d': { seconds: 604_800, bucketSeconds: 3600, label: 'Last 7 days' },
};

/** The charted statistics. @public */
export type ApmStat =
  | 'requests'
  | 'errorRate'
  | 'p50'
  | 'p95'
  | 'p99'
  | 'apdex';

/** @public */
export const APM_STATS: readonly ApmStat[] = [
  'requests',
  'errorRate',
  'p50',
  'p95',
  'p99',
  'apdex',
];

/**
 * One point: epoch milliseconds and value (req/s, a 0..1 ratio, seconds or an Apdex score);
 * `v` null where Datadog has no data for the bucket (a gap, not a zero). @public
 */
export interface ApmPoint {
  t: number;
  v: number | null;
}

/** The statistics of one env/cluster over the range, and over the period before it. @public */
export interface ApmEnvSeries {
  env: string;
  cluster: string;
  current: Record<ApmStat, ApmPoint[]>;
  /** The previous period, its timestamps moved forward by one range so both line up. */
  previous: Record<ApmStat, ApmPoint[]>;
  /** Range-wide values: request-weighted, requests/s averaged. */
  summary: Record<ApmStat, { current?: number; previous?: number }>;
}

/** One version's traffic in one env/cluster over the range. @public */
export interface ApmVersionStats {
  env: string;
  cluster: string;
  version: string;
  requests: number;
  errorRate: number;
  /** Highest p95 latency seen, in seconds. */
  p95?: number;
  /** ISO times of the first and last bucket the version served traffic in. */
  firstSeen: string;
  lastSeen: string;
}

/** Where the version serving an env/cluster changed. @public */
export interface ApmDeployMarker {
  env: string;
  cluster: string;
  /** ISO time of the first bucket served by the new version. */
  at: string;
  version: string;
  previousVersion?: string;
}

/** An env that Datadog knows the service in but that had no traffic in the range. @public */
export interface ApmEnvNoData {
  env: string;
  message: string;
}

/** @public */
export interface ApmMetrics {
  /** Datadog APM operation name, e.g. `http.request`. */
  operation: string;
  envs: ApmEnvSeries[];
  /** Envs the service is known in that had no traffic in the range. */
  quietEnvs: ApmEnvNoData[];
  versions: ApmVersionStats[];
  deploys: ApmDeployMarker[];
  /** Set when the service has no traffic in the range at all (never an empty chart). */
  noData?: string;
}

/** Datadog monitor states. @public */
export type MonitorState =
  | 'OK'
  | 'Warn'
  | 'Alert'
  | 'No Data'
  | 'Ignored'
  | 'Skipped'
  | 'Unknown';

/** @public */
export interface ApmMonitor {
  id: number;
  name: string;
  state: MonitorState;
  /** ISO time the monitor last triggered, if it did. */
  lastTriggered?: string;
  url: string;
}

/** @public */
export interface ApmSlo {
  id: string;
  name: string;
  timeframe: string;
  /** Target in percent, e.g. 99.9. */
  target: number;
  /** Current SLI in percent; absent when Datadog has none (no data, or not computed yet). */
  current?: number;
  /** Error budget left in percent of the budget (negative when exhausted). */
  errorBudgetRemaining?: number;
  /** Datadog's state; absent when the answer has no status at all (status unknown). */
  state?: 'ok' | 'warning' | 'breached' | 'no_data';
  url: string;
}

/**
 * One part of the card, read from Datadog on its own so a failure degrades only that part.
 * `data` may be the last good answer, then `stale` says why and since when.
 *
 * @public
 */
export interface ApmSection<T> {
  data?: T;
  /** ISO time `data` was read from Datadog. */
  fetchedAt?: string;
  /** `data` is the last good answer: why the current one is not shown, since when. */
  stale?: {
    reason: string;
    /** ISO time the current run of failed or rejected answers began. */
    since?: string;
    /** A suspicious answer (series, monitors or SLOs gone) waits for a second one. */
    awaitingConfirmation?: boolean;
  };
  /** Why there is no data (no last good answer to fall back to). */
  error?: string;
  /** ISO time `error` began. */
  errorSince?: string;
}

/** Links into Datadog. @public */
export interface ApmLinks {
  apm: string;
  monitors: string;
  slos: string;
}

/** Answer of `GET /api/datadog-apm/service?entityRef=&range=` for an entity with a service. @public */
export interface ServiceApm {
  service: string;
  range: ApmRange;
  /** ISO bounds of the range. */
  from: string;
  to: string;
  links: ApmLinks;
  /**
   * The configured keys or site are wrong: one message for the whole card (the keys are never
   * echoed). When set, the sections are empty.
   */
  configurationError?: string;
  metrics: ApmSection<ApmMetrics>;
  monitors: ApmSection<ApmMonitor[]>;
  slos: ApmSection<ApmSlo[]>;
}

/** The Roadie-compatible embeds of an entity. @public */
export interface DatadogEmbeds {
  dashboardUrl?: string;
  graphs: Array<{ token: string; url: string; width: number; height: number }>;
}

/** Answer of `GET /api/datadog-apm/entity`. @public */
export interface EntityDatadog {
  entityRef: string;
  /** Present when the entity has `datadoghq.com/service-name`. */
  apm?: ServiceApm;
  /** Present when the entity has the Roadie dashboard or graph annotations. */
  embeds?: DatadogEmbeds;
}
