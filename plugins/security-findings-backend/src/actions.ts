import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PierActions,
  actionFields,
  entityRefOf,
  findVisibleEntity,
} from '@internal/backend-access-guard';
import {
  DeployedVulnerable,
  securityFindingsDashboardReadPermission,
  securityFindingsEntityReadPermission,
} from '@internal/plugin-security-findings-common';
import { FindingsQueries } from './services/Dashboard';

const OPEN = new Set(['NEW', 'NOTIFIED']);
const RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1 };

interface Row {
  service: string;
  severity: string;
  cve?: string;
  title: string;
  cluster: string;
  runningSince: string;
  packages: string[];
}

const packagesOf = (
  packages: Array<{
    name: string;
    installedVersion: string;
    fixedInVersion?: string;
  }>,
) =>
  packages
    .slice(0, 3)
    .map(
      p =>
        `${p.name} ${p.installedVersion}${
          p.fixedInVersion ? ` (fixed in ${p.fixedInVersion})` : ' (no fix yet)'
        }`,
    );

/**
 * `list-deployed-vulnerabilities`: critical and high findings on the images running now, for one
 * service (its owners, reviewers, leads) or a team or the whole organisation (leads, the platform
 * team, as the dashboard), from the same stored findings as the pages.
 */
export function registerFindingsActions(deps: {
  actions: PierActions;
  catalog: CatalogService;
  queries: FindingsQueries;
}) {
  const { actions, catalog, queries } = deps;

  async function ofService(
    service: string,
    credentials: Parameters<typeof findVisibleEntity>[2],
  ): Promise<Row[]> {
    const entity = await findVisibleEntity<Entity>(
      catalog,
      service,
      credentials,
    );
    const answer = await queries.entityFindings(entity);
    return answer.findings.flatMap(f =>
      OPEN.has(f.workflowStatus) && f.severity in RANK
        ? f.running.map(r => ({
            service: answer.entityRef,
            severity: f.severity,
            ...(f.cve ? { cve: f.cve } : {}),
            title: f.title,
            cluster: r.cluster,
            runningSince: r.since,
            packages: packagesOf(f.packages),
          }))
        : [],
    );
  }

  const fromDashboard = (d: DeployedVulnerable): Row => ({
    service: d.entityRef,
    severity: d.severity,
    ...(d.cve ? { cve: d.cve } : {}),
    title: d.title,
    cluster: d.cluster,
    runningSince: d.since,
    packages: packagesOf(d.packages),
  });

  actions.register({
    name: 'list-deployed-vulnerabilities',
    title: 'Critical and high vulnerabilities running now',
    description:
      "Critical and high findings (SecurityHub/Inspector) on the container images that run now in prod or nonprod, worst and oldest first: the CVE, the vulnerable packages with the fixed version, the cluster and since when. Give `service` for one service (its owners, reviewers and leads may ask), or `team` (a group name such as team-payments) or nothing for a team's or the whole organisation's (leads and the platform team). At most `limit` rows (default 20); `total` says how many there are.",
    permission: input =>
      input.service
        ? securityFindingsEntityReadPermission
        : securityFindingsDashboardReadPermission,
    entity: input => input.service,
    input: z =>
      z.object({
        service: actionFields.service(z).optional(),
        team: actionFields.team(z).optional(),
        severity: z
          .enum(['CRITICAL', 'HIGH'])
          .optional()
          .describe('Only this severity (default both)'),
        limit: actionFields.limit(z, 20),
      }),
    output: z =>
      z.object({
        total: z.number(),
        findings: z.array(
          z.object({
            service: z.string(),
            severity: z.string(),
            cve: z.string().optional(),
            title: z.string(),
            cluster: z.string(),
            runningSince: z.string(),
            packages: z.array(z.string()),
          }),
        ),
      }),
    examples: [
      {
        title: "payments-api's running CVEs",
        input: { service: 'payments-api', limit: 20 },
      },
      {
        title: "A team's running criticals",
        input: { team: 'team-payments', severity: 'CRITICAL', limit: 20 },
      },
    ],
    async run({ service, team, severity, limit }, credentials) {
      if (service && team) {
        throw new InputError('Give either a service or a team, not both');
      }
      let rows: Row[];
      if (service) {
        rows = await ofService(service, credentials);
      } else {
        const owner = team ? entityRefOf(team, 'group') : undefined;
        if (team && !owner) {
          throw new InputError(
            `"${team}" is not a team name: use e.g. team-payments`,
          );
        }
        const dashboard = await queries.dashboard(owner, credentials);
        rows = dashboard.deployedVulnerable.map(fromDashboard);
      }
      const wanted = rows
        .filter(r => !severity || r.severity === severity)
        .sort(
          (a, b) =>
            RANK[a.severity] - RANK[b.severity] ||
            a.runningSince.localeCompare(b.runningSince) ||
            a.service.localeCompare(b.service),
        );
      return { total: wanted.length, findings: wanted.slice(0, limit) };
    },
  });
}
