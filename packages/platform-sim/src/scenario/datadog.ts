import { REGRESSED_SERVICE_INDEX, Scenario } from './createScenario';
import { stableHex } from './random';

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
    });
  });
  return { monitors, slos };
}
