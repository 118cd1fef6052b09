import { ClusterName, Service } from './types';

/**
 * The operation state of an Argo CD application whose last sync failed, as the application
 * controller (gitops-engine) reports it: a manifest Kubernetes rejected (`sync-failed`), or a
 * PreSync hook Job that failed (`hook-failed`). Undefined for any other cluster state.
 */

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface ResourceResult {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: string;
  message: string;
  hookPhase: string;
  syncPhase: string;
  hookType?: string;
}

export interface FailedOperation {
  operationState: Record<string, unknown>;
  conditions: Array<Record<string, unknown>>;
}

/** Kubernetes' answer to a changed selector, which a Deployment cannot take in place. */
export function immutableSelectorError(service: Service) {
  return `Deployment.apps "${service.name}" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app.kubernetes.io/component":"api", "app.kubernetes.io/name":"${service.name}"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`;
}

export function failedOperation(
  service: Service,
  cluster: ClusterName,
  source: Record<string, unknown>,
  revision: string,
  applied: ResourceResult[],
  now: number,
): FailedOperation | undefined {
  const failure = service.deployments[cluster].failure;
  const ns = service.team.namespace;
  const startedAt = now - 35 * 60_000;
  const base = {
    operation: {
      sync: { revision, syncStrategy: { hook: {} } },
      initiatedBy: { automated: true },
      retry: { limit: 5 },
    },
    phase: 'Failed',
    startedAt: iso(startedAt),
    finishedAt: iso(startedAt + 5 * 60_000),
    retryCount: 5,
  };
  if (failure === 'hook-failed') {
    const hook: ResourceResult = {
      group: 'batch',
      version: 'v1',
      kind: 'Job',
      namespace: ns,
      name: `${service.name}-db-migrate`,
      status: 'Synced',
      message: 'Job has reached the specified backoff limit',
      hookType: 'PreSync',
      hookPhase: 'Failed',
      syncPhase: 'PreSync',
    };
    return {
      operationState: {
        ...base,
        message: 'one or more synchronization tasks completed unsuccessfully',
        syncResult: { resources: [hook], revision, source },
      },
      conditions: [],
    };
  }
  if (failure === 'sync-failed') {
    const rejection = immutableSelectorError(service);
    const message = `one or more objects failed to apply, reason: ${rejection}`;
    const resources = applied.map(r =>
      r.kind === 'Deployment'
        ? {
            ...r,
            status: 'SyncFailed',
            message: rejection,
            hookPhase: 'Failed',
          }
        : r,
    );
    return {
      operationState: {
        ...base,
        message: `${message} (retried 5 times).`,
        syncResult: { resources, revision, source },
      },
      conditions: [
        {
          type: 'SyncError',
          message: `Failed sync attempt to ${revision}: ${message} (retried 5 times).`,
          lastTransitionTime: iso(startedAt + 5 * 60_000),
        },
      ],
    };
  }
  return undefined;
}
