import { ExplainContext } from '../context';
import { Rule, makeExplanation } from '../explanation';
import { gitopsFile, serviceFile } from '../files';
import { ArgoResourceResult, Evidence } from '../types';

const FAILED_PHASES = ['Failed', 'Error'];
const SYNC_CONDITIONS = ['SyncError', 'ComparisonError', 'InvalidSpecError'];

function appName(ctx: ExplainContext) {
  return (
    ctx.state.argocd?.metadata?.name ??
    `${ctx.state.service}-${ctx.state.cluster}`
  );
}

function results(ctx: ExplainContext): ArgoResourceResult[] {
  return ctx.state.argocd?.status?.operationState?.syncResult?.resources ?? [];
}

const failedHooks = (ctx: ExplainContext) =>
  results(ctx).filter(
    r => r.hookType && FAILED_PHASES.includes(r.hookPhase ?? ''),
  );

const resourceName = (r: ArgoResourceResult) =>
  `${r.kind}${r.namespace ? ` ${r.namespace}/` : ' '}${r.name}`;

function operationEvidence(ctx: ExplainContext): Evidence[] {
  const op = ctx.state.argocd?.status?.operationState;
  const source = `Argo CD ${appName(ctx)}`;
  return [
    ...(op?.message
      ? [{ source, text: `operation ${op.phase}: ${op.message}` }]
      : []),
    ...(ctx.state.argocd?.status?.conditions ?? [])
      .filter(c => SYNC_CONDITIONS.includes(c.type ?? ''))
      .map(c => ({ source, text: `${c.type}: ${c.message}` })),
  ];
}

export const argoHookFailed: Rule = ctx => {
  const hooks = failedHooks(ctx);
  if (hooks.length === 0) return [];
  const hook = hooks[0];
  const revision =
    ctx.state.argocd?.status?.operationState?.syncResult?.revision;
  return [
    makeExplanation(ctx, {
      id: 'argocd-hook-failed',
      severity: 'error',
      title: `The ${hook.hookType} hook ${hook.name} of ${ctx.state.service} failed, so Argo CD stopped the deploy`,
      cause: `Argo CD runs ${resourceName(hook)} as a ${
        hook.hookType
      } hook before applying the new version${
        revision ? ` (revision ${revision.slice(0, 7)})` : ''
      }; it failed ("${
        hook.message ?? hook.hookPhase
      }"), so the sync stopped and the previous version keeps running.`,
      evidence: [
        ...hooks.map(h => ({
          source: `Argo CD ${appName(ctx)} sync result`,
          text: `${resourceName(h)} hook ${h.hookType} ${h.hookPhase}: ${
            h.message ?? ''
          }`,
        })),
        ...operationEvidence(ctx),
      ],
      fix: [
        `Read why the hook failed: \`kubectl logs -n ${
          hook.namespace ?? ctx.namespace
        } job/${hook.name}\` (or the hook's pods).`,
        `If it is a database migration, fix the migration in the service's repository and release a new version; if the hook's command or image is wrong, fix the hook manifest in the GitOps repository.`,
        `Then sync the application again in Argo CD (the hook is re-created on each sync).`,
      ],
      file: gitopsFile(
        ctx,
        'kustomization.yaml',
        `the ${hook.hookType} hook ${hook.kind} ${hook.name} (argocd.argoproj.io/hook: ${hook.hookType}): its command and image`,
      ),
      relatedFiles: [
        serviceFile(ctx, 'migrations/', 'the migration the hook runs'),
      ],
      objects: hooks.map(resourceName),
    }),
  ];
};

export const argoSyncFailed: Rule = ctx => {
  const op = ctx.state.argocd?.status?.operationState;
  const errors = (ctx.state.argocd?.status?.conditions ?? []).filter(c =>
    SYNC_CONDITIONS.includes(c.type ?? ''),
  );
  const failedOp = FAILED_PHASES.includes(op?.phase ?? '');
  if ((!failedOp && errors.length === 0) || failedHooks(ctx).length) return [];
  const failedResources = results(ctx).filter(r => r.status === 'SyncFailed');
  const message =
    failedResources[0]?.message ?? errors[0]?.message ?? op?.message;
  const resource = failedResources[0];
  return [
    makeExplanation(ctx, {
      id: 'argocd-sync-failed',
      severity: 'error',
      title: `Argo CD cannot apply ${ctx.state.service}'s manifests in ${ctx.state.cluster}`,
      cause: `The last sync of ${appName(ctx)} ${
        op?.phase === 'Error' ? 'errored' : 'failed'
      }${
        resource ? `: Kubernetes rejected ${resourceName(resource)}` : ''
      } ("${message}"). What is in Git is not running; the cluster keeps the previous version.`,
      evidence: [
        ...failedResources.map(r => ({
          source: `Argo CD ${appName(ctx)} sync result`,
          text: `${resourceName(r)} ${r.status}: ${r.message ?? ''}`,
        })),
        ...operationEvidence(ctx),
      ],
      fix: [
        `Read the rejection above: it names the field Kubernetes refuses.`,
        `Correct that field in the GitOps repository (\`kubectl apply --dry-run=server -k <dir>\` shows the same error locally), commit, and let Argo CD sync.`,
        `If the object cannot be changed in place (immutable field), delete it in the cluster or add the argocd.argoproj.io/sync-options: Replace=true annotation to it.`,
      ],
      file: gitopsFile(
        ctx,
        'deployment.yaml',
        resource
          ? `${resourceName(resource)}: the field named in "${message}"`
          : `the manifest named in "${message}"`,
      ),
      objects: failedResources.length
        ? failedResources.map(resourceName)
        : [`Application ${appName(ctx)}`],
    }),
  ];
};
