import { condition, eventTexts } from '../context';
import { Rule, makeExplanation } from '../explanation';
import { gitopsFile } from '../files';
import { Evidence } from '../types';

/**
 * A rollout past its progress deadline. Pod-level causes (crash, OOM, pull, secret) explain the
 * stall better, so `explain` drops this one when one of them fires.
 */
export const progressDeadlineExceeded: Rule = ctx =>
  (ctx.state.kubernetes.deployments ?? []).flatMap(d => {
    const progressing = condition(d, 'Progressing');
    if (progressing?.reason !== 'ProgressDeadlineExceeded') return [];
    const deadline = d.spec?.progressDeadlineSeconds ?? 600;
    const unready = (ctx.state.kubernetes.pods ?? []).filter(p =>
      (p.status?.conditions ?? []).some(
        (c: any) => c.type === 'Ready' && c.status === 'False',
      ),
    );
    const probeEvents = unready.flatMap(p =>
      eventTexts(ctx.eventsAbout('Pod', p.metadata?.name ?? '')).map(text => ({
        pod: p,
        text,
      })),
    );
    const probe = probeEvents.find(e => /probe failed/i.test(e.text));
    const readiness = d.spec?.template?.spec?.containers?.[0]?.readinessProbe;
    const probeTarget = readiness?.httpGet
      ? `GET ${readiness.httpGet.path} on port ${readiness.httpGet.port}`
      : 'its readiness probe';
    const evidence: Evidence[] = [
      {
        source: ctx.ref('Deployment', d),
        text: `Progressing=False ProgressDeadlineExceeded: ${progressing.message}`,
      },
      ...probeEvents.map(e => ({
        source: `Event on ${ctx.ref('Pod', e.pod)}`,
        text: e.text,
      })),
    ];
    return [
      makeExplanation(ctx, {
        id: 'progress-deadline-exceeded',
        severity: 'error',
        title: `The rollout of ${
          ctx.state.service
        } is stuck: new pods never became ready within ${deadline / 60} min`,
        cause: `Kubernetes gave up waiting for the new version ("${
          progressing.message
        }", deadline ${deadline} s). ${
          unready.length
        } new pod(s) run but are not Ready${
          probe ? `: "${probe.text}"` : ''
        }, so the old pods keep serving.`,
        evidence,
        fix: [
          probe
            ? `The new version fails ${probeTarget}: check that the endpoint answers 200 once the service has started (\`kubectl port-forward\` to a new pod and call it).`
            : `Find why the new pods are not Ready: \`kubectl describe pod\` on one of them.`,
          `Fix the probe (path, port, initialDelaySeconds) in the GitOps repository, or the endpoint in the service and release again.`,
          `To stop the stuck rollout now: \`git revert\` the deploy commit in the GitOps repository.`,
        ],
        file: gitopsFile(
          ctx,
          'deployment.yaml',
          `containers[].readinessProbe (${probeTarget}) and the image tag of the stuck version`,
        ),
        objects: [
          ctx.ref('Deployment', d),
          ...unready.map(p => ctx.ref('Pod', p)),
        ],
      }),
    ];
  });
