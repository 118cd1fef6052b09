import {
  ClusterExplanations,
  ClusterOverview,
  OverviewApm,
  OverviewCost,
  OverviewDeploy,
  OverviewReason,
  OverviewSecurity,
  OverviewVerdict,
} from '@internal/plugin-service-overview-common';

/** What the parts say about one cluster. */
export interface ClusterFacts {
  cluster: string;
  /** Undefined: the deploy state could not be read at all. */
  deployed?: boolean;
  deployProblem?: string;
  deploy?: OverviewDeploy;
  security?: OverviewSecurity;
  apm?: OverviewApm;
  cost?: OverviewCost;
  explanations?: ClusterExplanations;
  reasons: OverviewReason[];
}

const RANK = { critical: 0, warning: 1, info: 2 } as const;

/** How many reasons the headline names; the rest are listed under it. */
const HEADLINE_REASONS = 2;

/** One cluster's verdict, worst reason first, and its headline. */
export function judgeCluster(facts: ClusterFacts): ClusterOverview {
  const reasons = [...facts.reasons].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity],
  );
  const verdict = verdictOf(facts, reasons);
  return {
    cluster: facts.cluster,
    verdict,
    headline: headlineOf(facts, verdict, reasons),
    reasons,
    ...(facts.deploy ? { deploy: facts.deploy } : {}),
    ...(facts.security ? { security: facts.security } : {}),
    ...(facts.apm ? { apm: facts.apm } : {}),
    ...(facts.cost ? { cost: facts.cost } : {}),
    ...(facts.explanations ? { explanations: facts.explanations } : {}),
  };
}

function verdictOf(
  facts: ClusterFacts,
  reasons: OverviewReason[],
): OverviewVerdict {
  if (facts.deployed === undefined) return 'unknown';
  if (!facts.deployed) return 'not-deployed';
  if (reasons.some(r => r.severity === 'critical')) return 'degraded';
  if (reasons.some(r => r.severity === 'warning')) return 'attention';
  return 'healthy';
}

const WORDS: Record<OverviewVerdict, string> = {
  degraded: 'degraded',
  attention: 'needs attention',
  healthy: 'healthy',
  'not-deployed': 'not deployed',
  unknown: 'unknown',
};

function headlineOf(
  facts: ClusterFacts,
  verdict: OverviewVerdict,
  reasons: OverviewReason[],
): string {
  const head = `${facts.cluster}: ${WORDS[verdict]}`;
  if (verdict === 'unknown') {
    return `${head} — the deploy state could not be read${
      facts.deployProblem ? ` (${facts.deployProblem})` : ''
    }`;
  }
  if (verdict === 'not-deployed') {
    return `${head} — no Argo CD application of this service in ${facts.cluster}`;
  }
  const shown = reasons.filter(r => r.severity !== 'info');
  if (shown.length) {
    return `${head} — ${shown
      .slice(0, HEADLINE_REASONS)
      .map(r => r.text)
      .join('; ')}${
      shown.length > HEADLINE_REASONS
        ? ` (+${shown.length - HEADLINE_REASONS} more)`
        : ''
    }`;
  }
  const d = facts.deploy!;
  const parts = [
    d.version ? `v${d.version.replace(/^v/, '')}` : undefined,
    d.replicas ? `${d.replicas.ready}/${d.replicas.desired} ready` : undefined,
    d.syncStatus === 'Synced' ? 'in sync' : d.syncStatus,
  ].filter(Boolean);
  return `${head} — ${parts.join(', ')}`;
}
