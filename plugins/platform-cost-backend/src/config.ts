import { Config } from '@backstage/config';

export interface PlatformCostConfig {
  clusters: string[];
  retentionDays: number;
  requestTimeoutMs: number;
  costExplorer?: {
    region: string;
    endpoint?: string;
    clusterTag: string;
    nodepoolTag: string;
    accountId?: string;
  };
  opencostBaseUrls: Record<string, string>;
}

function kubernetesClusters(config: Config): string[] {
  return (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  )
    .flatMap(m => m.getOptionalConfigArray('clusters') ?? [])
    .map(c => c.getString('name'));
}

export function readPlatformCostConfig(root: Config): PlatformCostConfig {
  const config = root.getOptionalConfig('platformCost');
  const ce = config?.getOptionalConfig('costExplorer');
  const clusters =
    config?.getOptionalStringArray('clusters') ?? kubernetesClusters(root);
  const retentionDays = config?.getOptionalNumber('retentionDays') ?? 90;
  if (
    !Number.isInteger(retentionDays) ||
    retentionDays < 1 ||
    retentionDays > 400
  ) {
    throw new Error(
      `platformCost.retentionDays must be a whole number of days between 1 and 400, got ${retentionDays}`,
    );
  }
  const baseUrls = config?.getOptionalConfig('opencost.baseUrls');
  return {
    clusters,
    retentionDays,
    requestTimeoutMs: config?.getOptionalNumber('requestTimeoutMs') ?? 15000,
    costExplorer: ce
      ? {
          region: ce.getOptionalString('region') ?? 'us-east-1',
          endpoint: ce.getOptionalString('endpoint'),
          clusterTag: ce.getOptionalString('clusterTag') ?? 'eks:cluster-name',
          nodepoolTag:
            ce.getOptionalString('nodepoolTag') ?? 'karpenter.sh/nodepool',
          accountId: ce.getOptionalString('accountId'),
        }
      : undefined,
    opencostBaseUrls: Object.fromEntries(
      (baseUrls?.keys() ?? []).map(k => [k, baseUrls!.getString(k)]),
    ),
  };
}
