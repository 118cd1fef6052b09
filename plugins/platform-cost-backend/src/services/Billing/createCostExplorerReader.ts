import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
  GroupDefinition,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import {
  DEFAULT_NODEPOOL_LABELS,
  NO_NODEPOOL,
} from '@internal/plugin-platform-cost-common';

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

export interface CostExplorerReader {
  /** Billed EC2 compute of a cluster's nodes, per day, instance type and purchase type. */
  usageByInstanceType(
    cluster: string,
    start: string,
    end: string,
  ): Promise<BilledUsage[]>;
  usageByNodepool(
    cluster: string,
    start: string,
    end: string,
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
    extra: Expression[] = [],
  ) => {
    const filter: Expression = {
      And: [
        { Tags: { Key: clusterTag, Values: [cluster] } },
        { Dimensions: { Key: 'SERVICE', Values: [EC2_COMPUTE] } },
        ...extra,
      ],
    };
    const results: ResultByTime[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: start, End: end },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost', 'UsageQuantity'],
          Filter: filter,
          GroupBy: groupBy,
          NextPageToken: token,
        }),
      );
      results.push(...(page.ResultsByTime ?? []));
      token = page.NextPageToken;
    } while (token);
    return results;
  };

  const spotOnly: Expression = {
    Dimensions: { Key: 'PURCHASE_TYPE', Values: [SPOT] },
  };

  return {
    // GroupBy takes two keys: region and instance type, once for spot and once for the rest.
    async usageByInstanceType(cluster, start, end) {
      const byRegionAndType = [
        { Type: 'DIMENSION', Key: 'REGION' },
        { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
      ] as GroupDefinition[];
      const [spot, other] = await Promise.all([
        query(cluster, start, end, byRegionAndType, [spotOnly]),
        query(cluster, start, end, byRegionAndType, [{ Not: spotOnly }]),
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
    async usageByNodepool(cluster, start, end) {
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
