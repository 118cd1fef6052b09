import { InputError } from '@backstage/errors';
import {
  PierActions,
  actionFields,
  entityRefOf,
} from '@internal/backend-access-guard';
import {
  deploymentsReadPermission,
  reviewUrgency,
} from '@internal/plugin-deployments-common';
import { DeploymentsBoardService } from './services/DeploymentsBoard';

/**
 * `what-needs-review`: the board's needs-review rows, most urgent first (as on the reviewer's
 * home), from the same board the page reads, with only the services the caller may see.
 */
export function registerBoardActions(deps: {
  actions: PierActions;
  board: DeploymentsBoardService;
}) {
  const { actions, board } = deps;
  actions.register({
    name: 'what-needs-review',
    title: 'What needs review now',
    description:
      'The deployments that need a reviewer now, most urgent first (Degraded, failed sync, rollout stuck past its deadline, OutOfSync, behind the other cluster; prod before nonprod): service, cluster, Argo CD application, running version, the reasons in one sentence each, and the Argo CD link. Optionally for one team or cluster. At most `limit` rows (default 15); `total` says how many there are.',
    permission: deploymentsReadPermission,
    input: z =>
      z.object({
        team: actionFields.team(z).optional(),
        cluster: z
          .string()
          .min(1)
          .max(63)
          .optional()
          .describe('prod or nonprod'),
        limit: actionFields.limit(z, 15),
      }),
    output: z =>
      z.object({
        total: z.number(),
        generatedAt: z.string(),
        staleClusters: z.array(z.string()),
        rows: z.array(
          z.object({
            service: z.string(),
            cluster: z.string(),
            app: z.string().optional(),
            version: z.string().optional(),
            syncStatus: z.string(),
            health: z.string(),
            reasons: z.array(
              z.object({ kind: z.string(), message: z.string() }),
            ),
            url: z.string().optional(),
          }),
        ),
      }),
    examples: [
      { title: 'Everything that needs review', input: { limit: 15 } },
      {
        title: "team-payments' prod",
        input: { team: 'team-payments', cluster: 'prod', limit: 15 },
      },
    ],
    async run({ team, cluster, limit }, credentials) {
      const owner = team ? entityRefOf(team, 'group') : undefined;
      if (team && !owner) {
        throw new InputError(
          `"${team}" is not a team name: use e.g. team-payments`,
        );
      }
      const answer = await board.getBoard(
        {
          status: 'needsReview',
          ...(owner ? { owner } : {}),
          ...(cluster ? { cluster } : {}),
        },
        credentials,
      );
      const rows = answer.rows
        .filter(r => r.needsReview.length > 0)
        .sort((a, b) => reviewUrgency(a) - reviewUrgency(b));
      return {
        total: rows.length,
        generatedAt: answer.generatedAt,
        staleClusters: answer.sources.filter(s => !s.ok).map(s => s.cluster),
        rows: rows.slice(0, limit).map(r => ({
          service: r.entityRef,
          cluster: r.cluster,
          ...(r.app ? { app: r.app.name, url: r.app.url } : {}),
          ...(r.version ? { version: r.version } : {}),
          syncStatus: r.syncStatus,
          health: r.health,
          reasons: r.needsReview.map(n => ({
            kind: n.kind,
            message: n.message,
          })),
        })),
      };
    },
  });
}
