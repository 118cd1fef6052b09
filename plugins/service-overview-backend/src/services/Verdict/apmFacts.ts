import {
  ApmVersionStats,
  ServiceApm,
} from '@internal/plugin-datadog-apm-common';
import {
  OverviewApm,
  OverviewReason,
} from '@internal/plugin-service-overview-common';

/** p95 latency this much higher than the previous version's is a regression (0.15: +15 %). */
export const P95_REGRESSION = 0.15;
/** An error rate this many points higher than the previous version's (0.01: +1 pp) is a regression. */
export const ERROR_RATE_REGRESSION = 0.01;

const pct = (n: number) => `${n >= 0 ? '+' : ''}${Math.round(n * 100)} %`;
const v = (version: string) => `v${version.replace(/^v/, '')}`;

/**
 * The running version's RED in one cluster against the version that served before it (Datadog's
 * deploy markers), and the regressions a person should know of.
 */
export function apmFacts(
  apm: ServiceApm,
  cluster: string,
  runningVersion: string | undefined,
): { apm?: OverviewApm; reasons: OverviewReason[] } {
  const metrics = apm.metrics.data;
  if (!metrics) return { reasons: [] };
  const env = metrics.envs.find(e => e.cluster === cluster);
  const versions = metrics.versions.filter(s => s.cluster === cluster);
  const byVersion = new Map<string, ApmVersionStats>(
    versions.map(s => [s.version, s]),
  );
  const lastDeploy = metrics.deploys
    .filter(d => d.cluster === cluster)
    .sort((a, b) => a.at.localeCompare(b.at))
    .pop();
  const version = runningVersion ?? lastDeploy?.version;
  const current = version ? byVersion.get(version) : undefined;
  const previousVersion =
    lastDeploy && lastDeploy.version === version
      ? lastDeploy.previousVersion
      : undefined;
  const previous = previousVersion ? byVersion.get(previousVersion) : undefined;
  if (!env && !current) return { reasons: [] };
  const facts: OverviewApm = {
    ...(version ? { version } : {}),
    ...(previousVersion ? { previousVersion } : {}),
    ...(current?.p95 !== undefined ? { p95: current.p95 } : {}),
    ...(previous?.p95 !== undefined ? { previousP95: previous.p95 } : {}),
    ...(current ? { errorRate: current.errorRate } : {}),
    ...(previous ? { previousErrorRate: previous.errorRate } : {}),
    ...(env?.summary.requests.current !== undefined
      ? { requestsPerSecond: env.summary.requests.current }
      : {}),
  };
  const reasons: OverviewReason[] = [];
  const link = { part: 'apm' as const, tab: 'datadog', url: apm.links.apm };
  if (current && previous && previousVersion) {
    if (
      current.p95 !== undefined &&
      previous.p95 !== undefined &&
      previous.p95 > 0 &&
      current.p95 / previous.p95 - 1 >= P95_REGRESSION
    ) {
      reasons.push({
        ...link,
        severity: 'warning',
        text: `p95 ${pct(current.p95 / previous.p95 - 1)} since ${v(
          previousVersion,
        )} (${Math.round(previous.p95 * 1000)} → ${Math.round(
          current.p95 * 1000,
        )} ms)`,
      });
    }
    if (current.errorRate - previous.errorRate >= ERROR_RATE_REGRESSION) {
      reasons.push({
        ...link,
        severity: 'warning',
        text: `errors ${(current.errorRate * 100).toFixed(1)} % since ${v(
          previousVersion,
        )} (was ${(previous.errorRate * 100).toFixed(1)} %)`,
      });
    }
  }
  return { apm: facts, reasons };
}
