import {
  ClusterExplanations,
  Explanation,
  OverviewReason,
} from '@internal/plugin-service-overview-common';

/** Explanations about how Argo CD deploys are read on the Deployments tab; the rest on Kubernetes. */
const DEPLOYMENTS_TAB: ReadonlySet<Explanation['id']> = new Set([
  'argocd-sync-failed',
  'argocd-hook-failed',
  'progress-deadline-exceeded',
]);

/** Each explanation as a reason of the verdict: its title, linking to the tab that shows it. */
export function explanationFacts(
  found: ClusterExplanations | undefined,
): OverviewReason[] {
  return (found?.explanations ?? []).map(e => ({
    part: 'explanations',
    severity: e.severity === 'error' ? 'critical' : 'warning',
    text: e.title,
    tab: DEPLOYMENTS_TAB.has(e.id) ? 'deployments' : 'kubernetes',
  }));
}

/** Whether an explanation already says why the service does not run as deployed. */
export function explainsBreakage(found: ClusterExplanations | undefined) {
  return (found?.explanations ?? []).some(e => e.severity === 'error');
}
