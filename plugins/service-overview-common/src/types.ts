import type { Explanation } from '@internal/platform-explanations';

/**
 * A cluster's verdict, worst first: `degraded` (the service is not serving as deployed),
 * `attention` (it serves, but something needs someone: critical CVEs running, latency up since the
 * last deploy, out of sync, behind the other cluster), `healthy`, `not-deployed`, and `unknown`
 * (the deploy state could not be read).
 *
 * @public
 */
export type OverviewVerdict =
  | 'degraded'
  | 'attention'
  | 'healthy'
  | 'not-deployed'
  | 'unknown';

/** The parts an overview joins, each read from its own plugin. @public */
export type OverviewPartId =
  | 'deployments'
  | 'explanations'
  | 'security'
  | 'apm'
  | 'cost';

/** @public */
export const OVERVIEW_PARTS: readonly OverviewPartId[] = [
  'deployments',
  'explanations',
  'security',
  'apm',
  'cost',
];

/** One reason behind a verdict, with where to read more. @public */
export interface OverviewReason {
  part: OverviewPartId;
  severity: 'critical' | 'warning' | 'info';
  /** One sentence a junior can act on, e.g. "2 critical CVEs running for 9 days". */
  text: string;
  /** The entity page tab with the detail, relative to the entity page: `deployments`, `security`, `datadog`. */
  tab?: string;
  /** An outside link with the detail (Argo CD, Datadog). */
  url?: string;
}

/**
 * How one part was read: `ok`; `stale` (the part's plugin serves its last good data, `message`
 * says why); `denied` (the caller may not see it, `message` is the refusal with whom to ask);
 * `unavailable` (it failed, `message` says how); `not-applicable` (the entity has no annotation for it).
 *
 * @public
 */
export interface OverviewPartStatus {
  part: OverviewPartId;
  state: 'ok' | 'stale' | 'denied' | 'unavailable' | 'not-applicable';
  message?: string;
  /** ISO time the part's data was read upstream, when known. */
  readAt?: string;
}

/** What the deployments part says about one cluster. @public */
export interface OverviewDeploy {
  app?: string;
  /** Argo CD UI link of the application. */
  url?: string;
  version?: string;
  syncStatus: string;
  health: string;
  replicas?: { ready: number; desired: number };
  lastSyncedAt?: string;
  revision?: string;
}

/** Critical and high findings on the images running in one cluster. @public */
export interface OverviewSecurity {
  critical: number;
  high: number;
  /** ISO start of the longest-running of them. */
  oldestRunningSince?: string;
}

/** Datadog RED of the running version against the version before it, in one cluster. @public */
export interface OverviewApm {
  version?: string;
  previousVersion?: string;
  /** p95 latency in seconds. */
  p95?: number;
  previousP95?: number;
  /** 0..1 */
  errorRate?: number;
  previousErrorRate?: number;
  /** Requests per second over the range. */
  requestsPerSecond?: number;
}

/** Cost of the service in one cluster. @public */
export interface OverviewCost {
  /** USD, last 30 days. */
  monthly: number;
}

/**
 * What is wrong with the service in one cluster, explained from its Kubernetes objects and Argo CD
 * application (`@internal/platform-explanations`): cause, fix and the file to change.
 *
 * @public
 */
export interface ClusterExplanations {
  cluster: string;
  /** Errors first; empty when nothing is wrong (or nothing could be read yet: see `unread`). */
  explanations: Explanation[];
  /** ISO time the state was read. */
  readAt?: string;
  /** Why the state could not be read now: the explanations are the last good ones. */
  problem?: string;
  /** The state was never read: no explanations to show, only `problem`. */
  unread?: boolean;
}

/** One cluster's column of the overview. @public */
export interface ClusterOverview {
  cluster: string;
  verdict: OverviewVerdict;
  /** The verdict in one line: "prod: degraded — v1.17.0 cannot start…". */
  headline: string;
  /** Worst first. */
  reasons: OverviewReason[];
  deploy?: OverviewDeploy;
  security?: OverviewSecurity;
  apm?: OverviewApm;
  cost?: OverviewCost;
  explanations?: ClusterExplanations;
}

/**
 * Answer of `GET /api/service-overview/explanations?entityRef=`: what is wrong with the service in
 * each cluster, for the Kubernetes and Deployments tabs (the overview carries the same per cluster).
 *
 * @public
 */
export interface EntityExplanations {
  entityRef: string;
  /** ISO time the answer was composed. */
  generatedAt: string;
  /** `ok`, or why the explanations are stale, missing or not shown (`message`). */
  status: OverviewPartStatus;
  clusters: ClusterExplanations[];
}

/** Answer of `GET /api/service-overview/entity?entityRef=`. @public */
export interface ServiceOverview {
  entityRef: string;
  /** ISO time the overview was composed. */
  generatedAt: string;
  clusters: ClusterOverview[];
  parts: OverviewPartStatus[];
  /** Cost over all clusters: last 30 days, and the last 7 days against the 7 before, in percent. */
  cost?: { monthly: number; trendPercent?: number };
}

export type {
  Evidence,
  Explanation,
  ExplanationId,
  FileToChange,
} from '@internal/platform-explanations';
