import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PierActions,
  serviceActionInput,
  findVisibleEntity,
} from '@internal/backend-access-guard';
import { serviceOverviewReadPermission } from '@internal/plugin-service-overview-common';
import { ServiceOverviewService } from './services/Overview';

/**
 * The overview's answers as actions for assistants and scripts: `get-service-status` (the verdict
 * per cluster with its reasons) and `explain-service-failure` (what is wrong now, the fix and the
 * file). Both read the same composed, cached overview as the service page, as the caller.
 */
export function registerOverviewActions(deps: {
  actions: PierActions;
  catalog: CatalogService;
  overview: ServiceOverviewService;
}) {
  const { actions, catalog, overview } = deps;
  const refOf = async (service: string, credentials: BackstageCredentials) =>
    stringifyEntityRef(
      await findVisibleEntity<Entity>(catalog, service, credentials),
    ).toLocaleLowerCase('en-US');

  actions.register({
    name: 'get-service-status',
    title: 'Service status per cluster',
    description:
      "Is a service deployed, healthy, safe and affordable in each cluster (prod, nonprod), and did the last deploy make it worse? One verdict per cluster (degraded, attention, healthy, not-deployed, unknown) with its reasons, worst first, from Pier's joined service overview (Argo CD, Kubernetes, security findings on the running images, Datadog RED against the previous version, cost). Short answer (a few hundred bytes per cluster); parts the caller may not see say so.",
    permission: serviceOverviewReadPermission,
    input: serviceActionInput,
    output: z =>
      z.object({
        entityRef: z.string(),
        clusters: z.array(
          z.object({
            cluster: z.string(),
            verdict: z.string(),
            headline: z.string(),
            version: z.string().optional(),
            reasons: z.array(
              z.object({ severity: z.string(), text: z.string() }),
            ),
          }),
        ),
        unavailableParts: z
          .array(
            z.object({
              part: z.string(),
              state: z.string(),
              message: z.string(),
            }),
          )
          .describe(
            'Parts that could not be read or that the caller may not see',
          ),
        monthlyCostUsd: z.number().optional(),
      }),
    examples: [
      { title: 'Status of payments-api', input: { service: 'payments-api' } },
    ],
    async run({ service }, credentials) {
      const answer = await overview.get(
        await refOf(service, credentials),
        credentials,
      );
      return {
        entityRef: answer.entityRef,
        clusters: answer.clusters.map(c => ({
          cluster: c.cluster,
          verdict: c.verdict,
          headline: c.headline,
          ...(c.deploy?.version ? { version: c.deploy.version } : {}),
          reasons: c.reasons.map(r => ({ severity: r.severity, text: r.text })),
        })),
        unavailableParts: answer.parts
          .filter(p => p.state !== 'ok' && p.state !== 'not-applicable')
          .map(p => ({
            part: p.part,
            state: p.state,
            message: p.message ?? '',
          })),
        ...(answer.cost ? { monthlyCostUsd: answer.cost.monthly } : {}),
      };
    },
  });

  actions.register({
    name: 'explain-service-failure',
    title: 'Why is my deploy failing?',
    description:
      "What is wrong with a service now, per cluster, explained from its Kubernetes objects and Argo CD application: the cause (quoting the evidence), the fix in steps, and the file to change in the service's repository or the GitOps repository. Covers amd64-only images on Graviton nodes, image pull errors, CrashLoopBackOff with the last log line, OOMKilled, ExternalSecret and Certificate not ready, Istio sidecar 503s, Argo CD sync errors and hooks, rollouts past their deadline, PDBs blocking consolidation. An empty list for a cluster means nothing is wrong there.",
    permission: serviceOverviewReadPermission,
    input: serviceActionInput,
    output: z =>
      z.object({
        entityRef: z.string(),
        clusters: z.array(
          z.object({
            cluster: z.string(),
            problem: z
              .string()
              .optional()
              .describe(
                'Why the state could not be read now (the explanations are the last good ones)',
              ),
            explanations: z.array(
              z.object({
                severity: z.string(),
                title: z.string(),
                cause: z.string(),
                fix: z.array(z.string()),
                file: z.object({
                  repository: z.string(),
                  repositoryUrl: z.string().optional(),
                  path: z.string(),
                  change: z.string(),
                }),
              }),
            ),
          }),
        ),
        status: z
          .string()
          .describe('ok, or why the explanations are stale or missing'),
      }),
    examples: [
      {
        title: 'Why recommendations fails',
        input: { service: 'recommendations' },
      },
    ],
    async run({ service }, credentials) {
      const answer = await overview.explanations(
        await refOf(service, credentials),
        credentials,
      );
      return {
        entityRef: answer.entityRef,
        status:
          answer.status.state === 'ok'
            ? 'ok'
            : `${answer.status.state}: ${answer.status.message ?? ''}`.trim(),
        clusters: answer.clusters.map(c => ({
          cluster: c.cluster,
          ...(c.problem ? { problem: c.problem } : {}),
          explanations: c.explanations.map(e => ({
            severity: e.severity,
            title: e.title,
            cause: e.cause,
            fix: e.fix,
            file: {
              repository: e.file.repository,
              ...(e.file.repositoryUrl
                ? { repositoryUrl: e.file.repositoryUrl }
                : {}),
              path: e.file.path,
              change: e.file.change,
            },
          })),
        })),
      };
    },
  });
}
