import { createContext } from './context';
import { Rule } from './explanation';
import { argoHookFailed, argoSyncFailed } from './rules/argocd';
import { crashLoop, oomKilled } from './rules/containers';
import {
  archMismatch,
  imageNotFound,
  imagePullUnauthorized,
} from './rules/images';
import { istioSidecarMissing } from './rules/istio';
import { pdbBlocksConsolidation } from './rules/pdb';
import {
  certificateNotReady,
  externalSecretNotSynced,
} from './rules/resources';
import { progressDeadlineExceeded } from './rules/rollout';
import { Explanation, ExplanationId, ServiceClusterState } from './types';

/** The rules that explain why pods do not run; any of them explains a stuck rollout better. */
const POD_RULES: Rule[] = [
  archMismatch,
  imageNotFound,
  imagePullUnauthorized,
  oomKilled,
  crashLoop,
  externalSecretNotSynced,
];

const OTHER_RULES: Rule[] = [
  argoHookFailed,
  argoSyncFailed,
  certificateNotReady,
  istioSidecarMissing,
  pdbBlocksConsolidation,
];

/** Every explanation id, in the order `explain` returns them. */
export const EXPLANATION_IDS: readonly ExplanationId[] = [
  'image-arch-mismatch',
  'image-not-found',
  'image-pull-unauthorized',
  'oom-killed',
  'crash-loop',
  'external-secret-not-synced',
  'progress-deadline-exceeded',
  'argocd-hook-failed',
  'argocd-sync-failed',
  'certificate-not-ready',
  'istio-sidecar-missing',
  'pdb-blocks-consolidation',
];

/**
 * Explains what is wrong with one service in one cluster, from its Kubernetes objects and its
 * Argo CD application: each explanation with its cause (quoting the evidence), the fix and the
 * file to change. A healthy service gets none. Pure: no I/O, same input, same output.
 */
export function explain(state: ServiceClusterState): Explanation[] {
  const ctx = createContext(state);
  const podLevel = POD_RULES.flatMap(rule => rule(ctx));
  const rollout = podLevel.length ? [] : progressDeadlineExceeded(ctx);
  const all = [
    ...podLevel,
    ...rollout,
    ...OTHER_RULES.flatMap(rule => rule(ctx)),
  ];
  return all.sort(
    (a, b) =>
      Number(a.severity !== 'error') - Number(b.severity !== 'error') ||
      EXPLANATION_IDS.indexOf(a.id) - EXPLANATION_IDS.indexOf(b.id),
  );
}
