import { HOUR_MS } from './constants';
import { Scenario } from './createScenario';
import { unitHash } from './random';
import { ClusterName, Service } from './types';

/** The APM metric families of a trace operation. */
export type TraceStat = 'hits' | 'errors' | 'duration' | 'apdex';

export const PERCENTILES: Record<string, number> = {
  p50: 1,
  p75: 1.35,
  p90: 1.9,
  p95: 2.4,
  p99: 3.8,
  max: 6,
};

/** Relative traffic by time of day (peak 14:00 UTC) and weekday. */
export function diurnal(t: number): number {
  const hour = (t % (24 * HOUR_MS)) / HOUR_MS;
  const day = new Date(t).getUTCDay();
  const weekend = day === 0 || day === 6 ? 0.7 : 1;
  return (
    weekend *
    (0.2 + 0.8 * (0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - 14)) / 24)))
  );
}

/** Index into service.releases of what ran in a cluster at time t, or -1. */
export function releaseAt(
  service: Service,
  cluster: ClusterName,
  t: number,
): number {
  const history = service.deployments[cluster].history;
  let found = -1;
  for (const d of history) {
    if (d.deployedAt <= t) found = d.releaseIndex;
    else break;
  }
  if (found === -1 && history.length > 0 && t >= service.createdAt) {
    // before the history window: the first known release was already running
    found = history[0].releaseIndex;
  }
  return found;
}

export interface TracePoint {
  hits: number;
  errors: number;
  /** Median duration in seconds. */
  p50: number;
  apdex: number;
}

/**
 * Trace stats of a service in one cluster over [t, t + intervalMs), for the
 * version that ran then. Deterministic for the same inputs.
 */
export function tracePoint(
  scenario: Scenario,
  service: Service,
  cluster: ClusterName,
  t: number,
  intervalMs: number,
  horizon: number = scenario.now,
): TracePoint & { releaseIndex: number } {
  const releaseIndex = releaseAt(service, cluster, t);
  if (releaseIndex < 0 || t > horizon + intervalMs) {
    return { hits: 0, errors: 0, p50: 0, apdex: 1, releaseIndex: -1 };
  }
  const release = service.releases[releaseIndex];
  const noise =
    0.9 +
    0.2 * unitHash(`${service.name}:${cluster}:${Math.floor(t / 60_000)}`);
  const envFactor = cluster === 'prod' ? 1 : 0.04;
  const load = diurnal(t);
  const rps = service.peakRps * envFactor * load * noise;
  const hits = Math.round(rps * (intervalMs / 1000));
  const errorRate = Math.min(0.9, service.baseErrorRate * release.errorFactor);
  const errors = Math.round(
    hits * errorRate * (0.8 + 0.4 * unitHash(`e:${service.name}:${t}`)),
  );
  const p50 =
    (service.baseLatencyMs *
      release.latencyFactor *
      (0.85 + 0.3 * load) *
      noise) /
    1000;
  const apdex = Math.max(
    0,
    Math.min(
      1,
      0.995 - 0.12 * (release.latencyFactor - 1) - errorRate * 2 - 0.01 * load,
    ),
  );
  return { hits, errors, p50, apdex, releaseIndex };
}
