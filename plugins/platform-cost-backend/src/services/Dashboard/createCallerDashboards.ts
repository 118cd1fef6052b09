import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { EntityVisibility } from '@internal/backend-access-guard';
import { CostDashboard } from '@internal/plugin-platform-cost-common';
import {
  hiddenKey,
  PreparedBodies,
  PreparedBody,
  prepareBody,
} from '@internal/backend-read-through-cache';
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
 * run of the day) filtered per caller: the stored answer stays one for everyone. The stored JSON
 * is parsed once per version, and the answer sent is serialized and gzipped once per version and
 * per set of services the caller may not see (`dashboardBody`).
 */
export function createCallerDashboards(options: {
  reports: Pick<
    CostReports,
    'storedDashboard' | 'storedDashboardVersion' | 'dashboard'
  >;
  visibility: EntityVisibility;
}) {
  const { reports, visibility } = options;
  const parsed = new Map<string, { version: string; shared: CostDashboard }>();
  const bodies = new PreparedBodies();

  /** The shared dashboard and its version (none when computed because nothing is stored yet). */
  async function shared(
    query: { cluster?: string; days: number },
    key: string,
  ): Promise<{ version?: string; shared: CostDashboard }> {
    const version = await reports.storedDashboardVersion(query);
    const known = parsed.get(key);
    if (version && known?.version === version) return known;
    const stored = version ? await reports.storedDashboard(query) : undefined;
    if (version && stored) {
      const entry = { version, shared: JSON.parse(stored) as CostDashboard };
      parsed.set(key, entry);
      return entry;
    }
    return { shared: await reports.dashboard(query) };
  }

  async function forCaller(
    query: { cluster?: string; days: number },
    credentials: BackstageCredentials,
  ) {
    const key = `${query.cluster ?? 'all'}|${query.days}`;
    const { version, shared: d } = await shared(query, key);
    const refs = dashboardRefs(d);
    const visible = await visibility.visibleRefs(credentials, refs);
    const hidden = refs.filter(r => !visible.has(r));
    // made only when the prepared body is (or when the object itself is asked for)
    return {
      key,
      version,
      hidden,
      dashboard: () => visibleToCaller(d, visible),
    };
  }

  return {
    async dashboard(
      query: { cluster?: string; days: number },
      credentials: BackstageCredentials,
    ): Promise<CostDashboard> {
      return (await forCaller(query, credentials)).dashboard();
    },
    async dashboardBody(
      query: { cluster?: string; days: number },
      credentials: BackstageCredentials,
    ): Promise<PreparedBody> {
      const { key, version, hidden, dashboard } = await forCaller(
        query,
        credentials,
      );
      const serialize = () => JSON.stringify(dashboard());
      return version
        ? bodies.get(version, `${key}|${hiddenKey(hidden)}`, serialize)
        : prepareBody(serialize());
    },
  };
}

export type CallerDashboards = ReturnType<typeof createCallerDashboards>;
