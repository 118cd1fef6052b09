import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
  GroupDefinition,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import {
  ShapelessAnswerError,
  boundedPages,
  requireList,
} from '@internal/backend-answer-guard';
import {
  DEFAULT_NODEPOOL_LABELS,
  NO_NODEPOOL,
} from '@internal/plugin-platform-cost-common';

/** Pages of one GetCostAndUsage query read at most (a page holds thousands of lines). */
export const MAX_COST_EXPLORER_PAGES = 100;
const DAY_MS = 86_400_000;

export const EC2_COMPUTE = 'Amazon Elastic Compute Cloud - Compute';
export const SPOT = 'Spot Instances';

/** Billed compute of one cluster on one day, per instance type and purchase type. */
export interface BilledUsage {
  day: string;
  /** AWS region of the instances (Cost Explorer's REGION dimension). */
  region: string;
  instanceType: string;
  spot: boolean;
  cost: number;
  hours: number;
}

export interface BilledNodepoolUsage {
  day: string;
  nodepool: string;
  spot: boolean;
  cost: number;
  hours: number;
}

/** How a read treats days missing from the answer. */
export interface CostExplorerReadOptions {
  /**
   * Refuse an answer that lacks any day asked for (a `ShapelessAnswerError`): a backfill stores
   * each day once, so a day missing from its answer would be lost for good. Without it, averages
   * (spot rates) read the days there are; an answer with no day at all is refused either way.
   */
  everyDay?: boolean;
}

export interface CostExplorerReader {
  /** Billed EC2 compute of a cluster's nodes, per day, instance type and purchase type. */
  usageByInstanceType(
    cluster: string,
    start: string,
    end: string,
    read?: CostExplorerReadOptions,
  ): Promise<BilledUsage[]>;
  usageByNodepool(
    cluster: string,
    start: string,
    end: string,
    read?: CostExplorerReadOptions,
  ): Promise<BilledNodepoolUsage[]>;
}

const amount = (metrics: any, name: string) =>
  Number(metrics?.[name]?.Amount ?? 0);

/** Cost Explorer `GetCostAndUsage`, DAILY, filtered to one cluster's EC2 compute by cost allocation tag. */
export function createCostExplorerReader(options: {
  client: CostExplorerClient;
  clusterTag: string;
  /**
   * Cost allocation tags that name an instance's nodepool, first present wins (Karpenter tags
   * instances with its label keys: `karpenter.sh/nodepool`, before v0.32
   * `karpenter.sh/provisioner-name`).
   */
  nodepoolTags?: readonly string[];
}): CostExplorerReader {
  const { client, clusterTag } = options;
  const nodepoolTags = options.nodepoolTags ?? DEFAULT_NODEPOOL_LABELS;

  const query = async (
    cluster: string,
    start: string,
    end: string,
    groupBy: GroupDefinition[],
    extra: Expression[],
    read: CostExplorerReadOptions,
  ) => {
    const filter: Expression = {
      And: [
        { Tags: { Key: clusterTag, Values: [cluster] } },
        { Dimensions: { Key: 'SERVICE', Values: [EC2_COMPUTE] } },
        ...extra,
      ],
    };
    const what = `Cost Explorer GetCostAndUsage (${cluster}, ${start} to ${end})`;
    const results: ResultByTime[] = [];
    const pages = boundedPages(
      what,
      NextPageToken =>
        client.send(
          new GetCostAndUsageCommand({
            TimePeriod: { Start: start, End: end },
            Granularity: 'DAILY',
            Metrics: ['UnblendedCost', 'UsageQuantity'],
            Filter: filter,
            GroupBy: groupBy,
            NextPageToken,
          }),
        ),
      page => page.NextPageToken,
      { maxPages: MAX_COST_EXPLORER_PAGES },
    );
    for await (const page of pages) {
      results.push(...requireList<ResultByTime>(page, 'ResultsByTime', what));
    }
    // Cost Explorer answers every day asked for, empty ones included: fewer is an incomplete
    // answer, never "no cost on those days"; none at all is never a usable answer.
    const days = new Set(results.map(r => r.TimePeriod?.Start)).size;
    const asked = Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS);
    if (days < asked && (read.everyDay || days === 0)) {
      throw new ShapelessAnswerError(
        `${what}: answer has ${days} of the ${asked} days asked for`,
      );
    }
    return results;
  };

  const spotOnly: Expression = {
    Dimensions: { Key: 'PURCHASE_TYPE', Values: [SPOT] },
  };

  return {
    // GroupBy takes two keys: region and instance type, once for spot and once for the rest.
    async usageByInstanceType(cluster, start, end, read = {}) {
      const byRegionAndType = [
        { Type: 'DIMENSION', Key: 'REGION' },
        { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
      ] as GroupDefinition[];
      const [spot, other] = await Promise.all([
        query(cluster, start, end, byRegionAndType, [spotOnly], read),
        query(cluster, start, end, byRegionAndType, [{ Not: spotOnly }], read),
      ]);
      const lines = (results: ResultByTime[], isSpot: boolean) =>
        results.flatMap(r =>
          (r.Groups ?? []).map(g => ({
            day: r.TimePeriod!.Start!,
            region: g.Keys![0],
            instanceType: g.Keys![1],
            spot: isSpot,
            cost: amount(g.Metrics, 'UnblendedCost'),
            hours: amount(g.Metrics, 'UsageQuantity'),
          })),
        );
      return [...lines(spot, true), ...lines(other, false)];
    },
    /**
     * Per nodepool tag in order: the lines the first tag names, then among the lines without it
     * (filter `ABSENT`) the ones the next tag names, and so on; what no tag names is
     * {@link NO_NODEPOOL}.
     */
    async usageByNodepool(cluster, start, end, read = {}) {
      const out: BilledNodepoolUsage[] = [];
      for (const [i, tag] of nodepoolTags.entries()) {
        const last = i === nodepoolTags.length - 1;
        const absent: Expression[] = nodepoolTags.slice(0, i).map(key => ({
          Tags: { Key: key, MatchOptions: ['ABSENT'] },
        }));
        const results = await query(
          cluster,
          start,
          end,
          [
            { Type: 'TAG', Key: tag },
            { Type: 'DIMENSION', Key: 'PURCHASE_TYPE' },
          ],
          absent,
          read,
        );
        for (const r of results) {
          for (const g of r.Groups ?? []) {
            // Tag group keys are `<key>$<value>`; an empty value means the tag is absent.
            const value = g.Keys![0].slice(g.Keys![0].indexOf('$') + 1);
            if (!value && !last) continue;
            out.push({
              day: r.TimePeriod!.Start!,
              nodepool: value || NO_NODEPOOL,
              spot: g.Keys![1] === SPOT,
              cost: amount(g.Metrics, 'UnblendedCost'),
              hours: amount(g.Metrics, 'UsageQuantity'),
            });
          }
        }
      }
      return out;
    },
  };
}
