import { Rule, makeExplanation } from '../explanation';
import { gitopsFile } from '../files';
import { KubeObject } from '../types';

/**
 * The PodDisruptionBudgets a Karpenter event names. Karpenter has said it several ways:
 * `Pdb prevents pod evictions (PodDisruptionBudget=[ns/name])` (v1), the same without brackets,
 * `Cannot disrupt Node: pdb "ns/name" prevents pod evictions` and `pdb ns/name prevents pod evictions`.
 */
export function blockingPdbs(message: string): string[] {
  const listed =
    /prevents pod evictions \(PodDisruptionBudget=\[?([^\])]*)\]?\)/i.exec(
      message,
    );
  if (listed) return listed[1].split(/[\s,]+/).filter(Boolean);
  const named = /pdb\s+"?([\w.-]+\/[\w.-]+)"?\s+prevents pod evictions/i.exec(
    message,
  );
  return named ? [named[1]] : [];
}

const KARPENTER_REASONS = ['DisruptionBlocked', 'Unconsolidatable'];

function budgetText(pdb: KubeObject) {
  const spec = pdb.spec ?? {};
  return spec.minAvailable !== undefined
    ? `minAvailable: ${spec.minAvailable}`
    : `maxUnavailable: ${spec.maxUnavailable}`;
}

export const pdbBlocksConsolidation: Rule = ctx => {
  const events = (ctx.state.kubernetes.events ?? []).filter(e =>
    KARPENTER_REASONS.includes(String(e.reason)),
  );
  return (ctx.state.kubernetes.poddisruptionbudgets ?? []).flatMap(pdb => {
    const key = `${pdb.metadata?.namespace}/${pdb.metadata?.name}`;
    const blocking = events.filter(e =>
      blockingPdbs(String(e.message)).includes(key),
    );
    if (blocking.length === 0) return [];
    const nodes = [
      ...new Set(
        blocking
          .filter(e => e.involvedObject?.kind === 'Node')
          .map(e => String(e.involvedObject?.name)),
      ),
    ];
    const status = pdb.status ?? {};
    const replicas = status.expectedPods;
    return [
      makeExplanation(ctx, {
        id: 'pdb-blocks-consolidation',
        severity: 'warning',
        title: `The PodDisruptionBudget of ${
          ctx.state.service
        } stops Karpenter from removing ${nodes.length || 'its'} node${
          nodes.length === 1 ? '' : 's'
        }, which keeps costing money`,
        cause: `${ctx.ref('PodDisruptionBudget', pdb)} (${budgetText(
          pdb,
        )}) allows ${status.disruptionsAllowed ?? 0} disruptions${
          replicas !== undefined ? ` with ${replicas} pod(s) running` : ''
        }, so Karpenter cannot evict its pods to consolidate ${
          nodes.join(', ') || 'the node'
        }: "${
          blocking[0].message
        }". The node stays until someone moves the pods, and node upgrades (drift) are blocked too.`,
        evidence: [
          ...blocking.map(e => ({
            source: `Event on ${e.involvedObject?.kind} ${e.involvedObject?.name}`,
            text: `${e.reason}: ${e.message}`,
          })),
          {
            source: ctx.ref('PodDisruptionBudget', pdb),
            text: `${budgetText(pdb)}; currentHealthy ${
              status.currentHealthy
            }, desiredHealthy ${status.desiredHealthy}, disruptionsAllowed ${
              status.disruptionsAllowed
            }`,
          },
        ],
        fix: [
          `Let one pod go at a time: set the budget to maxUnavailable: 1 instead of ${budgetText(
            pdb,
          )}.`,
          replicas !== undefined && replicas < 2
            ? `With a single replica, any budget that keeps it blocks every node move: run at least 2 replicas (HPA minReplicas) so one can move while the other serves.`
            : `Keep at least 2 replicas so one can move while the others serve.`,
          `After the sync, Karpenter retries on its own; the DisruptionBlocked events stop.`,
        ],
        file: gitopsFile(
          ctx,
          'pod-disruption-budget.yaml',
          `PodDisruptionBudget ${pdb.metadata?.name}: ${budgetText(
            pdb,
          )} → maxUnavailable: 1`,
        ),
        objects: [
          ctx.ref('PodDisruptionBudget', pdb),
          ...nodes.map(n => `Node ${n}`),
        ],
      }),
    ];
  });
};
