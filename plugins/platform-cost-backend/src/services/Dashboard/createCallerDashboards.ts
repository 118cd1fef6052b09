import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { EntityVisibility } from '@internal/backend-access-guard';
import { CostDashboard } from '@internal/plugin-platform-cost-common';
import { CostReports } from './createCostReports';

/**
 * The dashboard as a caller who may read only `visible` in the catalog sees it: no service line of
 * an entity they cannot read, and a team line only when they may read at least one of the team's
 * services (so it names the owner of a service line they see). Lines that name no catalog entity
 * (idle capacity, workloads whose kubernetes-id no entity has, the no-owner team) stay. Totals, the
 * trend, nodepools, savings and each team line's numbers are the whole organisation's / team's by
 * design: they name no service.
 */
export function visibleToCaller(
  d: CostDashboard,
  visible: Set<string>,
): CostDashboard {
  const services = d.services.filter(
    l => !l.entityRef || visible.has(l.entityRef),
  );
  const teamsSeen = new Set(
    services.filter(l => l.entityRef && l.team).map(l => l.team),
  );
  return {
    ...d,
    services,
    teams: d.teams.filter(l => !l.team || teamsSeen.has(l.team)),
  };
}

/** The catalog entities a dashboard's service lines name. */
export function dashboardRefs(d: CostDashboard): string[] {
  return d.services.map(l => l.entityRef).filter((r): r is string => !!r);
}

/**
 * Serves the shared dashboard (stored after each snapshot run, computed here only before the first
 * run of the day) filtered per caller: the stored answer stays one for everyone.
 */
export function createCallerDashboards(options: {
  reports: Pick<CostReports, 'storedDashboard' | 'dashboard'>;
  visibility: EntityVisibility;
}) {
  const { reports, visibility } = options;
  return {
    async dashboard(
      query: { cluster?: string; days: number },
      credentials: BackstageCredentials,
    ): Promise<CostDashboard> {
      const stored = await reports.storedDashboard(query);
      const shared: CostDashboard = stored
        ? JSON.parse(stored)
        : await reports.dashboard(query);
      const visible = await visibility.visibleRefs(
        credentials,
        dashboardRefs(shared),
      );
      return visibleToCaller(shared, visible);
    },
  };
}

export type CallerDashboards = ReturnType<typeof createCallerDashboards>;
