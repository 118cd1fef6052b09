import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
  GroupDefinition,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';

export const EC2_COMPUTE = 'Amazon Elastic Compute Cloud - Compute';
export const SPOT = 'Spot Instances';

/** Billed compute of one cluster on one day, per instance type and purchase type. */
export interface BilledUsage {
  day: string;
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
  nodepoolTag: string;
}): CostExplorerReader {
  const { client, clusterTag, nodepoolTag } = options;

  const query = async (
    cluster: string,
    start: string,
    end: string,
    groupBy: GroupDefinition[],
  ) => {
    const filter: Expression = {
      And: [
        { Tags: { Key: clusterTag, Values: [cluster] } },
        { Dimensions: { Key: 'SERVICE', Values: [EC2_COMPUTE] } },
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

  return {
    async usageByInstanceType(cluster, start, end) {
      const results = await query(cluster, start, end, [
        { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
        { Type: 'DIMENSION', Key: 'PURCHASE_TYPE' },
      ]);
      return results.flatMap(r =>
        (r.Groups ?? []).map(g => ({
          day: r.TimePeriod!.Start!,
          instanceType: g.Keys![0],
          spot: g.Keys![1] === SPOT,
          cost: amount(g.Metrics, 'UnblendedCost'),
          hours: amount(g.Metrics, 'UsageQuantity'),
        })),
      );
    },
    async usageByNodepool(cluster, start, end) {
      const results = await query(cluster, start, end, [
        { Type: 'TAG', Key: nodepoolTag },
        { Type: 'DIMENSION', Key: 'PURCHASE_TYPE' },
      ]);
      return results.flatMap(r =>
        (r.Groups ?? []).map(g => ({
          day: r.TimePeriod!.Start!,
          // Tag group keys are `<key>$<value>`; an empty value means untagged.
          nodepool:
            g.Keys![0].slice(g.Keys![0].indexOf('$') + 1) || '(untagged)',
          spot: g.Keys![1] === SPOT,
          cost: amount(g.Metrics, 'UnblendedCost'),
          hours: amount(g.Metrics, 'UsageQuantity'),
        })),
      );
    },
  };
}
