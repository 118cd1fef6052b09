import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PierActions,
  actionFields,
  serviceActionInput,
  entityRefOf,
  findVisibleEntity,
} from '@internal/backend-access-guard';
import { KUBERNETES_NAMESPACE_ANNOTATION } from '@internal/catalog-annotations';
import {
  EntityCost,
  platformCostDashboardReadPermission,
  platformCostEntityReadPermission,
} from '@internal/plugin-platform-cost-common';
import { kubernetesIdOf } from './services/Catalog';
import { CallerDashboards, CostReports } from './services/Dashboard';

const round = (n: number) => Math.round(n * 100) / 100;
const percent = (share: number) => Math.round(share * 1000) / 10;

/** Last 7 days against the 7 before, in percent; undefined without two full weeks. */
function weekOverWeek(trend: Array<{ cost: number }>): number | undefined {
  if (trend.length < 14) return undefined;
  const sum = (xs: Array<{ cost: number }>) =>
    xs.reduce((s, d) => s + d.cost, 0);
  const last = sum(trend.slice(-7));
  const before = sum(trend.slice(-14, -7));
  if (!(before > 0)) return undefined;
  return Math.round(((last - before) / before) * 1000) / 10;
}

/** What a reader of the numbers must know: nothing recorded yet, or answers held back. */
function noteOf(cost: EntityCost): { note?: string } {
  if (cost.empty) {
    return {
      note: 'No snapshot mentions this service yet: it has no cost recorded',
    };
  }
  if (cost.held?.length) {
    return {
      note: `Waiting for confirmation: ${cost.held
        .map(h => h.message)
        .join('; ')}`,
    };
  }
  return {};
}

/**
 * `get-service-cost` (a service's owners, reviewers, leads) and `get-team-cost` (leads and the
 * platform team, as the dashboard): the numbers of the cost card and the cost dashboard, from the
 * stored snapshots, never from an upstream call.
 */
export function registerCostActions(deps: {
  actions: PierActions;
  catalog: CatalogService;
  reports: CostReports;
  dashboards: CallerDashboards;
}) {
  const { actions, catalog, reports, dashboards } = deps;

  actions.register({
    name: 'get-service-cost',
    title: "A service's cost",
    description:
      "A service's Kubernetes cost over the last 30 days in USD, per cluster, the week-over-week trend, the share on spot and on Graviton (arm64) nodes, and concrete recommendations with their monthly saving (rightsize requests, multi-arch image, PodDisruptionBudget). Its owning team, reviewers and leads may ask. Short answer.",
    permission: platformCostEntityReadPermission,
    entity: input => input.service,
    input: serviceActionInput,
    output: z =>
      z.object({
        entityRef: z.string(),
        monthlyUsd: z.number(),
        byCluster: z.array(
          z.object({ cluster: z.string(), monthlyUsd: z.number() }),
        ),
        weekOverWeekPercent: z.number().optional(),
        spotSharePercent: z.number(),
        gravitonSharePercent: z.number(),
        recommendations: z.array(
          z.object({
            cluster: z.string(),
            title: z.string(),
            monthlySavingUsd: z.number().optional(),
          }),
        ),
        note: z.string().optional(),
      }),
    examples: [
      { title: 'Cost of payments-api', input: { service: 'payments-api' } },
    ],
    async run({ service }, credentials) {
      const entity = await findVisibleEntity<Entity>(
        catalog,
        service,
        credentials,
      );
      const ref = entityRefOf(service)!;
      const cost = await reports.entityCost({
        entityRef: ref,
        kubernetesId: kubernetesIdOf(entity),
        namespace:
          entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION],
      });
      const trend = weekOverWeek(cost.trend);
      return {
        entityRef: cost.entityRef,
        monthlyUsd: round(cost.monthly),
        byCluster: cost.byCluster.map(c => ({
          cluster: c.cluster,
          monthlyUsd: round(c.monthly),
        })),
        ...(trend !== undefined ? { weekOverWeekPercent: trend } : {}),
        spotSharePercent: percent(cost.spotShare),
        gravitonSharePercent: percent(cost.armShare),
        recommendations: cost.recommendations.map(r => ({
          cluster: r.cluster,
          title: r.title,
          ...(r.monthlySaving !== undefined
            ? { monthlySavingUsd: round(r.monthlySaving) }
            : {}),
        })),
        ...noteOf(cost),
      };
    },
  });

  actions.register({
    name: 'get-team-cost',
    title: "A team's cost",
    description:
      "A team's Kubernetes cost over the last 30 days in USD (all clusters), its share of the total, the share on spot and Graviton, and its ten most expensive services. Leads and the platform team may ask (as for the cost dashboard). Short answer.",
    permission: platformCostDashboardReadPermission,
    input: z =>
      z.object({
        team: actionFields.team(z),
      }),
    output: z =>
      z.object({
        team: z.string(),
        monthlyUsd: z.number(),
        sharePercent: z.number(),
        spotSharePercent: z.number(),
        gravitonSharePercent: z.number(),
        topServices: z.array(
          z.object({ service: z.string(), monthlyUsd: z.number() }),
        ),
        asOf: z.string(),
      }),
    examples: [
      { title: 'Cost of team-payments', input: { team: 'team-payments' } },
    ],
    async run({ team }, credentials) {
      const ref = entityRefOf(team, 'group');
      if (!ref) {
        throw new InputError(
          `"${team}" is not a team name: use e.g. team-payments`,
        );
      }
      const dashboard = await dashboards.dashboard(
        { cluster: 'all', days: 30 },
        credentials,
      );
      const line = dashboard.teams.find(
        t => (t.team ?? t.key).toLocaleLowerCase('en-US') === ref,
      );
      if (!line) {
        throw new NotFoundError(
          `No team named "${team}" with cost that you can see`,
        );
      }
      return {
        team: ref,
        monthlyUsd: round(line.monthly),
        sharePercent: percent(line.share),
        spotSharePercent: percent(line.spotShare),
        gravitonSharePercent: percent(line.armShare),
        topServices: dashboard.services
          .filter(s => s.team?.toLocaleLowerCase('en-US') === ref)
          .sort((a, b) => b.monthly - a.monthly)
          .slice(0, 10)
          .map(s => ({
            service: s.entityRef ?? s.title,
            monthlyUsd: round(s.monthly),
          })),
        asOf: dashboard.generatedAt,
      };
    },
  });
}
