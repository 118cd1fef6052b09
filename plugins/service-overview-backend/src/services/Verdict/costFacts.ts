import { EntityCost } from '@internal/plugin-platform-cost-common';

const sum = (days: Array<{ cost: number }>) =>
  days.reduce((t, d) => t + d.cost, 0);

/**
 * This month's cost over all clusters and its trend: the last 7 days against the 7 before, in
 * percent (absent without two whole weeks of days, or with nothing the week before).
 */
export function costTrend(cost: EntityCost): {
  monthly: number;
  trendPercent?: number;
} {
  const days = [...cost.trend].sort((a, b) => a.day.localeCompare(b.day));
  if (days.length < 14) return { monthly: cost.monthly };
  const last = sum(days.slice(-7));
  const before = sum(days.slice(-14, -7));
  if (before <= 0) return { monthly: cost.monthly };
  return {
    monthly: cost.monthly,
    trendPercent: Math.round((last / before - 1) * 1000) / 10,
  };
}

/** The service's cost in one cluster (last 30 days), when the cost part knows it. */
export function clusterCost(cost: EntityCost, cluster: string) {
  const line = cost.byCluster.find(c => c.cluster === cluster);
  return line ? { monthly: line.monthly } : undefined;
}
