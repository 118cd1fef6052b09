import {
  DashboardResponse,
  SEVERITIES,
  ServiceSummary,
  TeamSummary,
  emptyCounts,
} from '@internal/plugin-security-findings-common';
import { byCriticality } from './computeDashboard';

type Aggregates = Omit<DashboardResponse, 'status'>;

/** The services a dashboard names (its per-service and deployed-and-vulnerable rows). */
export function dashboardRefs(d: Aggregates): string[] {
  return [
    ...d.services.map(s => s.entityRef),
    ...d.deployedVulnerable.map(v => v.entityRef),
  ];
}

const openTotal = (s: ServiceSummary) =>
  SEVERITIES.reduce((n, sev) => n + s.open[sev], 0);

/**
 * The dashboard as a caller who may read only `visible` sees it: no service row or deployed-and-
 * vulnerable row of a service they cannot read, and each team row without the numbers of its hidden
 * services (a team row is the sum of its service rows, so this is exact); a team left with no
 * service they may read is dropped, so a team row always names the owner of a service row they see.
 * The org-wide aggregates (totals, ageing, SLA breaches, trend, top
 * CVEs, clusters) count every finding by design: they name no service or team.
 */
export function visibleToCaller<T extends Aggregates>(
  d: T,
  visible: Set<string>,
): T {
  const hidden = d.services.filter(s => !visible.has(s.entityRef));
  let teams: TeamSummary[] = d.teams;
  if (hidden.length) {
    const minus = new Map<string, TeamSummary>();
    for (const s of hidden) {
      const t = minus.get(s.owner) ?? {
        owner: s.owner,
        services: 0,
        open: emptyCounts(),
        runningCriticalHigh: 0,
        slaBreaches: 0,
      };
      if (openTotal(s) > 0) t.services++;
      for (const sev of SEVERITIES) t.open[sev] += s.open[sev];
      t.runningCriticalHigh += s.runningCriticalHigh;
      t.slaBreaches += s.slaBreaches;
      minus.set(s.owner, t);
    }
    teams = d.teams
      .map(t => {
        const m = minus.get(t.owner);
        if (!m) return t;
        return {
          ...t,
          services: t.services - m.services,
          open: Object.fromEntries(
            SEVERITIES.map(sev => [sev, t.open[sev] - m.open[sev]]),
          ) as TeamSummary['open'],
          runningCriticalHigh: t.runningCriticalHigh - m.runningCriticalHigh,
          slaBreaches: t.slaBreaches - m.slaBreaches,
        };
      })
      .filter(t => t.services > 0)
      .sort(byCriticality);
  }
  return {
    ...d,
    services: d.services.filter(s => visible.has(s.entityRef)),
    deployedVulnerable: d.deployedVulnerable.filter(v =>
      visible.has(v.entityRef),
    ),
    teams,
  };
}
