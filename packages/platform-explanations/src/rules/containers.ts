import { ContainerView, ExplainContext, groupBy, lastLine } from '../context';
import { Rule, makeExplanation } from '../explanation';
import { gitopsFile, serviceFile } from '../files';
import { formatMi, parseBytes, suggestedLimit } from '../quantity';
import { Evidence } from '../types';
import { archMismatches } from './images';

const oomTerminated = (c: ContainerView) =>
  [c.status.lastState?.terminated, c.status.state?.terminated].find(
    t => t?.reason === 'OOMKilled',
  );

/** The highest memory the metrics API saw for a container (bytes). */
function observedMemory(ctx: ExplainContext, container: string) {
  const values = (ctx.state.kubernetes.podmetrics ?? []).flatMap(m =>
    (m.containers ?? [])
      .filter((c: any) => c.name === container)
      .map((c: any) => parseBytes(c.usage?.memory))
      .filter((v: number | undefined): v is number => v !== undefined),
  );
  return values.length ? Math.max(...values) : undefined;
}

export const oomKilled: Rule = ctx => {
  const killed = ctx.containers.filter(c => oomTerminated(c));
  return [...groupBy(killed, c => c.name)].map(([name, containers]) => {
    const limitText = containers[0].spec.resources?.limits?.memory;
    const limit = parseBytes(limitText);
    const observed = observedMemory(ctx, name);
    const restarts = Math.max(
      ...containers.map(c => c.status.restartCount ?? 0),
    );
    const terminated = oomTerminated(containers[0]);
    const target = limit
      ? formatMi(suggestedLimit(limit, observed))
      : undefined;
    const observedText = observed
      ? ` The metrics API saw it use ${formatMi(observed)}${
          limit
            ? ` (${Math.round((observed / limit) * 100)} % of the limit)`
            : ''
        }.`
      : '';
    const evidence: Evidence[] = containers.map(c => ({
      source: `${ctx.ref('Pod', c.pod)} container ${c.name}`,
      text: `lastState.terminated: reason OOMKilled, exit code ${
        oomTerminated(c).exitCode
      }, finished ${oomTerminated(c).finishedAt ?? '?'}; restartCount ${
        c.status.restartCount ?? 0
      }`,
    }));
    if (limitText) {
      evidence.push({
        source: `${ctx.ref('Pod', containers[0].pod)} spec`,
        text: `resources.limits.memory: ${limitText}`,
      });
    }
    if (observed) {
      evidence.push({
        source: 'metrics.k8s.io',
        text: `memory ${formatMi(observed)}`,
      });
    }
    return makeExplanation(ctx, {
      id: 'oom-killed',
      severity: 'error',
      title: `${ctx.state.service} runs out of memory and is killed (limit ${
        limitText ?? 'unknown'
      })`,
      cause: `The container ${name} used more than its memory limit of ${
        limitText ?? '(not set)'
      } and the kernel killed it (OOMKilled, exit code ${
        terminated.exitCode ?? 137
      }); it restarted ${restarts} times.${observedText}`,
      evidence,
      fix: [
        target
          ? `Raise resources.limits.memory of ${name} from ${limitText} to ${target} (and the request with it if it is close) in the GitOps repository.`
          : `Set resources.limits.memory of ${name} in the GitOps repository, well above what it uses.`,
        `After the sync, check in Datadog or \`kubectl top pod\` that memory stays below the new limit; if it keeps growing, it is a leak to fix in the code.`,
      ],
      file: gitopsFile(
        ctx,
        'deployment.yaml',
        `containers[${name}].resources.limits.memory: ${
          limitText ?? 'unset'
        } → ${target ?? 'a limit above the observed peak'}`,
      ),
      objects: [...new Set(containers.map(c => ctx.ref('Pod', c.pod)))],
    });
  });
};

const CONFIG_HINT =
  /environment variable|env var|config|secret|permission denied|no such file/i;

export const crashLoop: Rule = ctx => {
  const arch = new Set(archMismatches(ctx).map(a => a.container));
  const crashing = ctx.containers.filter(
    c =>
      c.status.state?.waiting?.reason === 'CrashLoopBackOff' &&
      !oomTerminated(c) &&
      !arch.has(c),
  );
  return [...groupBy(crashing, c => c.name)].map(([name, containers]) => {
    const withLog = containers.find(c => lastLine(ctx.state.logs?.[c.podName]));
    const line = withLog
      ? lastLine(ctx.state.logs?.[withLog.podName])
      : undefined;
    const terminated = containers[0].status.lastState?.terminated;
    const configProblem = line ? CONFIG_HINT.test(line) : false;
    const exit = terminated
      ? `exits with code ${terminated.exitCode}${
          terminated.reason ? ` (${terminated.reason})` : ''
        }`
      : 'exits';
    return makeExplanation(ctx, {
      id: 'crash-loop',
      severity: 'error',
      title: `${ctx.state.service} crashes on start and Kubernetes keeps restarting it`,
      cause: `The container ${name} ${exit} right after starting; it restarted ${
        containers[0].status.restartCount ?? 0
      } times and is now in CrashLoopBackOff.${
        line
          ? ` Its last log line: ${line}`
          : ' It wrote no log before exiting.'
      }`,
      evidence: [
        ...containers.map(c => ({
          source: `${ctx.ref('Pod', c.pod)} container ${c.name}`,
          text: `CrashLoopBackOff: ${
            c.status.state.waiting.message ?? ''
          }`.trim(),
        })),
        ...(line && withLog
          ? [{ source: `last log line of ${withLog.podName}`, text: line }]
          : []),
      ],
      fix: [
        line
          ? `Read the last log line above: it says why the process stops.`
          : `Run \`kubectl logs --previous\` on one of the pods to see why the process stops.`,
        configProblem
          ? `It is a configuration problem: add or correct the setting in the GitOps repository and let Argo CD sync.`
          : `Fix the code and release a new version.`,
        `To restore service now, roll back: \`git revert\` the deploy commit in the GitOps repository.`,
      ],
      file: configProblem
        ? gitopsFile(
            ctx,
            'deployment.yaml',
            `containers[${name}].env (or the ConfigMap/Secret it reads): the setting the log line names`,
          )
        : serviceFile(ctx, 'src/', `the code path the log line points to`),
      relatedFiles: configProblem
        ? []
        : [
            gitopsFile(
              ctx,
              'deployment.yaml',
              'roll back: the previous image tag',
            ),
          ],
      objects: [...new Set(containers.map(c => ctx.ref('Pod', c.pod)))],
    });
  });
};
