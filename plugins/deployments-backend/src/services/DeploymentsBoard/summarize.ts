import { ArgoApplication } from '../ArgoCdClient';
import { appSource } from './appSource';
import { AppSummary } from './types';

function operationOf(app: ArgoApplication): Pick<AppSummary, 'operation'> {
  const op = app.status?.operationState;
  if (!op?.phase) return {};
  const revision = op.operation?.sync?.revision ?? op.syncResult?.revision;
  return {
    operation: {
      phase: op.phase,
      ...(op.message ? { message: op.message } : {}),
      ...(op.startedAt ? { startedAt: op.startedAt } : {}),
      ...(op.finishedAt ? { finishedAt: op.finishedAt } : {}),
      ...(revision ? { revision } : {}),
    },
  };
}

/** One Argo CD application, reduced to what the board shows (JSON, for the cache). */
export function summarize(app: ArgoApplication): AppSummary {
  const repoURL = app.spec?.source?.repoURL ?? app.spec?.sources?.[0]?.repoURL;
  const source = appSource(app);
  return {
    name: app.metadata.name,
    ...(app.metadata.namespace ? { namespace: app.metadata.namespace } : {}),
    ...(app.spec?.project ? { project: app.spec.project } : {}),
    labels: app.metadata.labels ?? {},
    ...(repoURL ? { repoURL } : {}),
    syncStatus: app.status?.sync?.status ?? 'Unknown',
    ...(app.status?.sync?.revision
      ? { syncRevision: app.status.sync.revision }
      : {}),
    health: app.status?.health?.status ?? 'Unknown',
    ...(app.status?.health?.message
      ? { healthMessage: app.status.health.message }
      : {}),
    ...operationOf(app),
    history: (app.status?.history ?? [])
      .filter(h => !!h.revision)
      .slice(-10)
      .map(h => ({
        id: h.id,
        revision: h.revision!,
        ...(h.deployedAt ? { deployedAt: h.deployedAt } : {}),
        ...(h.deployStartedAt ? { deployStartedAt: h.deployStartedAt } : {}),
      })),
    // Every image of the app's pods, sidecars and init containers included; absent when it has none.
    images: (Array.isArray(app.status?.summary?.images)
      ? app.status!.summary!.images!
      : []
    ).filter((i): i is string => typeof i === 'string' && i.length > 0),
    ...(source ? { source } : {}),
    revisions: {},
  };
}
