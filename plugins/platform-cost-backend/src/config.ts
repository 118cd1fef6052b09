import { Config } from '@backstage/config';
import {
  AnswerGuardPolicy,
  readAnswerGuardPolicy,
} from '@internal/backend-answer-guard';
import { DEFAULT_NODEPOOL_LABELS } from '@internal/plugin-platform-cost-common';

export interface PlatformCostConfig {
  clusters: string[];
  retentionDays: number;
  requestTimeoutMs: number;
  /** Node labels naming a node's nodepool, first present wins. */
  nodepoolLabels: string[];
  /** Region of a node that carries neither region nor zone labels. */
  defaultRegion: string;
  costExplorer?: {
    region: string;
    endpoint?: string;
    clusterTag: string;
    /** Cost allocation tags naming an instance's nodepool, first present wins. */
    nodepoolTags: string[];
    accountId?: string;
  };
  opencostBaseUrls: Record<string, string>;
  /** When a successful upstream answer waits for confirmation by the next run instead of being stored. */
  suspiciousDrop: AnswerGuardPolicy;
  /** The snapshot task's schedule (global: once per period across replicas). */
  schedule: {
    frequencyMinutes: number;
    timeoutMinutes: number;
    initialDelaySeconds: number;
  };
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
  const nodepoolLabels = config?.getOptionalStringArray('nodepoolLabels') ?? [
    ...DEFAULT_NODEPOOL_LABELS,
  ];
  const nodepoolTags = ce?.getOptionalStringArray('nodepoolTags') ?? [
    ...nodepoolLabels,
  ];
  for (const [key, list] of [
    ['nodepoolLabels', nodepoolLabels],
    ['costExplorer.nodepoolTags', nodepoolTags],
  ] as const) {
    if (list.length === 0 || list.some(l => !l.trim())) {
      throw new Error(
        `platformCost.${key} must list at least one label key, none empty (default: ${DEFAULT_NODEPOOL_LABELS.join(
          ', ',
        )})`,
      );
    }
  }
  const baseUrls = config?.getOptionalConfig('opencost.baseUrls');
  const positive = (key: string, fallback: number) => {
    const value = config?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `platformCost.${key} must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  return {
    schedule: {
      frequencyMinutes: positive('schedule.frequencyMinutes', 60),
      timeoutMinutes: positive('schedule.timeoutMinutes', 20),
      initialDelaySeconds: positive('schedule.initialDelaySeconds', 15),
    },
    clusters,
    retentionDays,
    requestTimeoutMs: config?.getOptionalNumber('requestTimeoutMs') ?? 15000,
    nodepoolLabels,
    defaultRegion: config?.getOptionalString('defaultRegion') ?? 'eu-west-1',
    costExplorer: ce
      ? {
          region: ce.getOptionalString('region') ?? 'us-east-1',
          endpoint: ce.getOptionalString('endpoint'),
          clusterTag: ce.getOptionalString('clusterTag') ?? 'eks:cluster-name',
          nodepoolTags,
          accountId: ce.getOptionalString('accountId'),
        }
      : undefined,
    opencostBaseUrls: Object.fromEntries(
      (baseUrls?.keys() ?? []).map(k => [k, baseUrls!.getString(k)]),
    ),
    suspiciousDrop: readAnswerGuardPolicy(config, 'platformCost'),
  };
}
