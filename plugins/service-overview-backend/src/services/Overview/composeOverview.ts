import { EntityDatadog } from '@internal/plugin-datadog-apm-common';
import { DeploymentsBoard } from '@internal/plugin-deployments-common';
import { EntityCost } from '@internal/plugin-platform-cost-common';
import { EntityFindingsResponse } from '@internal/plugin-security-findings-common';
import {
  ClusterExplanations,
  OverviewPartStatus,
  ServiceOverview,
} from '@internal/plugin-service-overview-common';
import { partStatus } from '../Parts';
import {
  ClusterFacts,
  apmFacts,
  clusterCost,
  costTrend,
  deployFacts,
  explainsBreakage,
  explanationFacts,
  judgeCluster,
  securityFacts,
} from '../Verdict';
import type { OverviewParts } from './createServiceOverview';

/** The clusters the overview has a column for: the board's, else every cluster a part names. */
function clustersOf(parts: OverviewParts): string[] {
  if (parts.deployments.state === 'ok') return parts.deployments.data.clusters;
  const named = new Set<string>();
  if (parts.cost.state === 'ok') {
    for (const c of parts.cost.data.byCluster) named.add(c.cluster);
  }
  if (parts.security.state === 'ok') {
    for (const f of parts.security.data.findings) {
      for (const r of f.running) named.add(r.cluster);
    }
  }
  return [...named].sort();
}

/** The deployments part's status: stale when a cluster's Argo CD serves its last good read. */
function deploymentsStatus(board: DeploymentsBoard): OverviewPartStatus {
  const problems = board.sources.filter(s => !s.ok);
  return problems.length
    ? {
        part: 'deployments',
        state: 'stale',
        message: problems
          .map(s => `${s.cluster}: ${s.error ?? 'not read'}`)
          .join('; '),
        readAt: board.generatedAt,
      }
    : { part: 'deployments', state: 'ok', readAt: board.generatedAt };
}

function securityStatus(data: EntityFindingsResponse): OverviewPartStatus {
  const s = data.status;
  const problem =
    s.held?.[0]?.message ??
    (s.lastRun && !s.lastRun.ok ? s.lastRun.error : undefined);
  return {
    part: 'security',
    state: problem ? 'stale' : 'ok',
    ...(problem ? { message: problem } : {}),
    ...(s.lastSuccessAt ? { readAt: s.lastSuccessAt } : {}),
  };
}

function apmStatus(data: EntityDatadog): OverviewPartStatus {
  const a = data.apm;
  if (!a) {
    return {
      part: 'apm',
      state: 'not-applicable',
      message:
        'No datadoghq.com/service-name annotation: add it to catalog-info.yaml to see the service’s requests, errors and latency.',
    };
  }
  if (a.configurationError) {
    return { part: 'apm', state: 'unavailable', message: a.configurationError };
  }
  const m = a.metrics;
  const readAt = m.fetchedAt ? { readAt: m.fetchedAt } : {};
  if (m.stale) {
    return { part: 'apm', state: 'stale', message: m.stale.reason, ...readAt };
  }
  if (m.error) return { part: 'apm', state: 'unavailable', message: m.error };
  return { part: 'apm', state: 'ok', ...readAt };
}

function costStatus(data: EntityCost): OverviewPartStatus {
  const held = data.held?.[0];
  if (held) {
    return {
      part: 'cost',
      state: 'stale',
      message: `${held.source} answered ${held.count} ${held.unit}, not stored until the next run confirms it`,
    };
  }
  if (data.empty) {
    return {
      part: 'cost',
      state: 'not-applicable',
      message: 'No cost recorded for this service yet.',
    };
  }
  return { part: 'cost', state: 'ok' };
}

/** Stale when a cluster's state could not be read now (its last good explanations stand in). */
/** How the explanations part was read: stale or unavailable when a cluster's state was not. */
export function explanationsStatus(
  data: ClusterExplanations[],
): OverviewPartStatus {
  const problems = data.filter(c => c.problem);
  if (!problems.length) return { part: 'explanations', state: 'ok' };
  return {
    part: 'explanations',
    state: problems.every(c => c.unread) ? 'unavailable' : 'stale',
    message: problems.map(c => c.problem).join('; '),
  };
}

function partStatuses(parts: OverviewParts): OverviewPartStatus[] {
  const { deployments, explanations, security, apm, cost } = parts;
  return [
    deployments.state === 'ok'
      ? deploymentsStatus(deployments.data)
      : partStatus('deployments', deployments),
    explanations.state === 'ok'
      ? explanationsStatus(explanations.data)
      : partStatus('explanations', explanations),
    security.state === 'ok'
      ? securityStatus(security.data)
      : partStatus('security', security),
    apm.state === 'ok' ? apmStatus(apm.data) : partStatus('apm', apm),
    cost.state === 'ok' ? costStatus(cost.data) : partStatus('cost', cost),
  ];
}

function factsOf(
  cluster: string,
  parts: OverviewParts,
  now: number,
): ClusterFacts {
  const facts: ClusterFacts = { cluster, reasons: [] };
  const { deployments, explanations, security, apm, cost } = parts;
  const explained =
    explanations.state === 'ok'
      ? explanations.data.find(c => c.cluster === cluster)
      : undefined;
  if (explained) {
    facts.explanations = explained;
    facts.reasons.push(...explanationFacts(explained));
  }
  if (deployments.state === 'ok') {
    const row = deployments.data.rows.find(r => r.cluster === cluster);
    const d = deployFacts(row, explainsBreakage(explained));
    facts.deployed = d.deployed;
    if (d.deploy) facts.deploy = d.deploy;
    facts.reasons.push(...d.reasons);
  } else {
    facts.deployProblem = deployments.message;
  }
  if (security.state === 'ok') {
    const s = securityFacts(security.data, cluster, now);
    facts.security = s.security;
    facts.reasons.push(...s.reasons);
  }
  if (apm.state === 'ok' && apm.data.apm) {
    const a = apmFacts(apm.data.apm, cluster, facts.deploy?.version);
    if (a.apm) facts.apm = a.apm;
    facts.reasons.push(...a.reasons);
  }
  if (cost.state === 'ok' && !cost.data.empty) {
    const c = clusterCost(cost.data, cluster);
    if (c) facts.cost = c;
  }
  return facts;
}

/** The overview of one service from its parts: a verdict per cluster, and how each part was read. */
export function composeOverview(
  entityRef: string,
  parts: OverviewParts,
  now: number,
): ServiceOverview {
  return {
    entityRef,
    generatedAt: new Date(now).toISOString(),
    clusters: clustersOf(parts).map(c => judgeCluster(factsOf(c, parts, now))),
    parts: partStatuses(parts),
    ...(parts.cost.state === 'ok' && !parts.cost.data.empty
      ? { cost: costTrend(parts.cost.data) }
      : {}),
  };
}
