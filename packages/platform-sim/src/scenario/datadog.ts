import { REGRESSED_SERVICE_INDEX, Scenario } from './createScenario';
import { stableHex, unitHash } from './random';
import { ClusterName, Service } from './types';

/**
 * An older service. Datadog answers its metric queries in the older form: no `query_index` and no
 * `tag_set` on the series (as the earlier API reference documents it), so a client must tell the
 * series apart by their expression and scope. It also keeps a monitor and an SLO on `env:staging`,
 * the env's name before it became nonprod: nothing reports there, so the monitor sits in
 * "No Data" and the SLO's state is `no_data`.
 */
export const LEGACY_DATADOG_SERVICE_INDEX = 4;

/** The retired env tag the older service's monitor and SLO still use. */
export const RETIRED_ENV_TAG = 'env:staging';

/** The service with an SLO created minutes ago: Datadog has not indexed it, so it has no status. */
export const UNINDEXED_SLO_SERVICE_INDEX = 3;

/** Agent gaps are whole 10-minute slots, so they fall on bucket edges of every range. */
export const AGENT_GAP_SLOT_MS = 600_000;

/** When the prod cluster's Datadog agents were upgraded (every prod service loses one slot). */
export function prodAgentUpgradeAt(scenario: Scenario): number {
  return (
    Math.floor(scenario.now / AGENT_GAP_SLOT_MS) * AGENT_GAP_SLOT_MS -
    3 * 3_600_000
  );
}

/**
 * Whether the Datadog agent next to a service in a cluster sent nothing in the 10-minute slot of
 * time t: an agent restart (about one slot in 50 hours per service and cluster) or the prod
 * agent upgrade three hours before now. Datadog answers such buckets with null points.
 */
export function agentGapAt(
  scenario: Scenario,
  service: Service,
  cluster: ClusterName,
  t: number,
): boolean {
  const slot = Math.floor(t / AGENT_GAP_SLOT_MS);
  if (
    cluster === 'prod' &&
    slot * AGENT_GAP_SLOT_MS === prodAgentUpgradeAt(scenario)
  ) {
    return true;
  }
  const hour = Math.floor(slot / 6);
  const key = `agent:${service.name}:${cluster}:${hour}`;
  return (
    unitHash(key) < 0.02 && Math.floor(unitHash(`${key}:slot`) * 6) === slot % 6
  );
}

/** Whether the service's metric answers come in the older form (no query_index, no tag_set). */
export function isLegacyDatadogService(scenario: Scenario, name: string) {
  return scenario.services[LEGACY_DATADOG_SERVICE_INDEX]?.name === name;
}

export type MonitorState = 'OK' | 'Alert' | 'Warn' | 'No Data';

export interface SimMonitor {
  id: number;
  name: string;
  type: 'query alert';
  query: string;
  message: string;
  tags: string[];
  state: MonitorState;
  created: number;
  modified: number;
  lastTriggered?: number;
  service: string;
  metric: string;
  /** Notify when the query has no data for `timeframeMinutes` (options.notify_no_data). */
  noData?: { timeframeMinutes: number };
}

export interface SimSlo {
  id: string;
  name: string;
  description: string;
  type: 'metric';
  numerator: string;
  denominator: string;
  target: number;
  warning: number;
  tags: string[];
  created: number;
  modified: number;
  service: string;
  /**
   * What Datadog has computed: a status (`computed`), `no_data` (the denominator is zero: no
   * traffic) or nothing yet (`unindexed`: no overall_status and no status in search answers).
   */
  status: 'computed' | 'no_data' | 'unindexed';
  /** The env tag value the SLO's queries are scoped to. */
  env: string;
}

export interface DatadogState {
  monitors: SimMonitor[];
  slos: SimSlo[];
}

const CREATOR = {
  email: 'eva.novak@example.com',
  handle: 'eva.novak@example.com',
  name: 'Eva Novak',
};
export const DATADOG_CREATOR = CREATOR;

/** Monitors and SLOs for every service, tagged `service:<name>`. */
export function buildDatadogState(scenario: Scenario): DatadogState {
  const monitors: SimMonitor[] = [];
  const slos: SimSlo[] = [];
  scenario.services.forEach((service, i) => {
    const tags = [
      `service:${service.name}`,
      `team:${service.team.name}`,
      'env:prod',
      'managed-by:terraform',
    ];
    const op = service.operation;
    const prodDeployment = service.deployments.prod;
    const errorState: MonitorState =
      prodDeployment.failure === 'arch-mismatch' ? 'Warn' : 'OK';
    const latencyState: MonitorState =
      i === REGRESSED_SERVICE_INDEX ? 'Alert' : 'OK';
    const created = service.createdAt + 86_400_000;
    monitors.push(
      {
        id: 100000 + i * 10 + 1,
        name: `[${service.name}] High error rate on ${op} (prod)`,
        type: 'query alert',
        query: `sum(last_5m):sum:trace.${op}.errors{env:prod,service:${service.name}}.as_count() / sum:trace.${op}.hits{env:prod,service:${service.name}}.as_count() > 0.05`,
        message: `Error rate of ${service.name} is above 5 %. @slack-${service.team.namespace}-alerts`,
        tags,
        state: errorState,
        created,
        modified: created + 7 * 86_400_000,
        lastTriggered:
          errorState === 'OK' ? undefined : scenario.now - 10 * 60_000,
        service: service.name,
        metric: `trace.${op}.errors`,
      },
      {
        id: 100000 + i * 10 + 2,
        name: `[${service.name}] p95 latency of ${op} is high (prod)`,
        type: 'query alert',
        query: `avg(last_10m):p95:trace.${op}{env:prod,service:${
          service.name
        }} > ${((service.baseLatencyMs * 3.5) / 1000).toFixed(3)}`,
        message: `p95 latency of ${service.name} is high. @slack-${service.team.namespace}-alerts`,
        tags,
        state: latencyState,
        created,
        modified: created + 7 * 86_400_000,
        lastTriggered:
          latencyState === 'OK' ? undefined : scenario.now - 40 * 60_000,
        service: service.name,
        metric: `trace.${op}`,
      },
    );
    slos.push({
      id: stableHex(`slo:${service.name}`, 32),
      name: `${service.name} availability`,
      description: `Share of successful ${op} requests of ${service.name} in prod.`,
      type: 'metric',
      numerator: `sum:trace.${op}.hits{env:prod,service:${service.name}}.as_count() - sum:trace.${op}.errors{env:prod,service:${service.name}}.as_count()`,
      denominator: `sum:trace.${op}.hits{env:prod,service:${service.name}}.as_count()`,
      target: service.team.name === 'team-payments' ? 99.95 : 99.9,
      warning: service.team.name === 'team-payments' ? 99.97 : 99.95,
      tags: [
        `service:${service.name}`,
        `team:${service.team.name}`,
        'env:prod',
      ],
      created,
      modified: created,
      service: service.name,
      status: 'computed',
      env: 'prod',
    });
    if (i === UNINDEXED_SLO_SERVICE_INDEX) {
      const justNow = scenario.now - 5 * 60_000;
      slos.push({
        id: stableHex(`slo:${service.name}:latency`, 32),
        name: `${service.name} latency`,
        description: `Share of ${op} requests of ${service.name} in prod answered in time.`,
        type: 'metric',
        numerator: `sum:trace.${op}.hits{env:prod,service:${service.name}}.as_count() - sum:trace.${op}.errors{env:prod,service:${service.name}}.as_count()`,
        denominator: `sum:trace.${op}.hits{env:prod,service:${service.name}}.as_count()`,
        target: 99,
        warning: 99.5,
        tags: [
          `service:${service.name}`,
          `team:${service.team.name}`,
          'env:prod',
        ],
        created: justNow,
        modified: justNow,
        service: service.name,
        status: 'unindexed',
        env: 'prod',
      });
    }
    if (i === LEGACY_DATADOG_SERVICE_INDEX) {
      // Left on the env's old name: nothing reports there, so no data.
      const staging = `{${RETIRED_ENV_TAG},service:${service.name}}`;
      monitors.push({
        id: 100000 + i * 10 + 3,
        name: `[${service.name}] Error rate on ${op} (staging)`,
        type: 'query alert',
        query: `sum(last_5m):sum:trace.${op}.errors${staging}.as_count() / sum:trace.${op}.hits${staging}.as_count() > 0.05`,
        message: `Error rate of ${service.name} in staging is above 5 %. @slack-${service.team.namespace}-alerts`,
        tags: [
          `service:${service.name}`,
          `team:${service.team.name}`,
          RETIRED_ENV_TAG,
          'managed-by:terraform',
        ],
        state: 'No Data',
        created,
        modified: created + 7 * 86_400_000,
        lastTriggered: undefined,
        service: service.name,
        metric: `trace.${op}.errors`,
        noData: { timeframeMinutes: 20 },
      });
      slos.push({
        id: stableHex(`slo:${service.name}:staging`, 32),
        name: `${service.name} availability (staging)`,
        description: `Share of successful ${op} requests of ${service.name} in staging.`,
        type: 'metric',
        numerator: `sum:trace.${op}.hits${staging}.as_count() - sum:trace.${op}.errors${staging}.as_count()`,
        denominator: `sum:trace.${op}.hits${staging}.as_count()`,
        target: 99,
        warning: 99.5,
        tags: [
          `service:${service.name}`,
          `team:${service.team.name}`,
          RETIRED_ENV_TAG,
        ],
        created,
        modified: created,
        service: service.name,
        status: 'no_data',
        env: 'staging',
      });
    }
  });
  return { monitors, slos };
}
