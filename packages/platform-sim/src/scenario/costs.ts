import {
  CLUSTER_SETUPS,
  HOUR_MS,
  INSTANCE_TYPES,
  KARPENTER_POOL_LABEL,
  listPrice,
} from './constants';
import { Scenario } from './createScenario';
import { CLUSTER_NAMES, ClusterName } from './types';

/** A billed usage stream: a rate that applies between two times. */
export interface CostLine {
  from: number;
  to: number;
  /** USD per hour. */
  rate: number;
  dimensions: Record<string, string>;
  tags: Record<string, string>;
}

const EBS_RATE = (80 * 0.088) / 730; // 80 GiB gp3 root volume per node
const EKS_RATE = 0.1;

/**
 * Cost Explorer's usage-type prefix of a region (`EUW1-BoxUsage:m6i.large`); us-east-1's EC2
 * usage types carry none (`BoxUsage:t3.large`).
 */
const USAGE_PREFIX: Record<string, string> = {
  'us-east-1': '',
  'eu-west-1': 'EUW1-',
  'eu-central-1': 'EUC1-',
};
const usageType = (region: string, usage: string) =>
  `${USAGE_PREFIX[region] ?? `${region.toUpperCase()}-`}${usage}`;

/**
 * Every billed line of the scenario (EC2 compute, EBS, EKS control plane). Instances carry the
 * tags Karpenter writes: `karpenter.sh/nodepool` (v1) or `karpenter.sh/provisioner-name` and
 * `karpenter.sh/managed-by` (v1alpha5, before v0.32), each activated as a cost allocation tag.
 */
export function costLines(scenario: Scenario): CostLine[] {
  const lines: CostLine[] = [];
  const base = {
    LINKED_ACCOUNT: scenario.accountId,
    RECORD_TYPE: 'Usage',
  };
  for (const node of scenario.nodeHistory) {
    const from = node.createdAt;
    const to = node.deletedAt ?? scenario.now;
    const api = CLUSTER_SETUPS[node.cluster].karpenter;
    const tags: Record<string, string> = {
      'eks:cluster-name': node.cluster,
      [KARPENTER_POOL_LABEL[api]]: node.nodePool,
      'karpenter.sh/capacity-type': node.capacityType,
      ...(api === 'v1alpha5'
        ? { 'karpenter.sh/managed-by': node.cluster }
        : {}),
    };
    const spot = node.capacityType === 'spot';
    const region = { REGION: node.region, AZ: node.zone };
    lines.push({
      from,
      to,
      rate: node.hourlyPrice,
      tags,
      dimensions: {
        ...base,
        ...region,
        SERVICE: 'Amazon Elastic Compute Cloud - Compute',
        PURCHASE_TYPE: spot ? 'Spot Instances' : 'On Demand Instances',
        INSTANCE_TYPE: node.instanceType,
        INSTANCE_TYPE_FAMILY: node.instanceType.split('.')[0],
        USAGE_TYPE: usageType(
          node.region,
          `${spot ? 'SpotUsage' : 'BoxUsage'}:${node.instanceType}`,
        ),
        OPERATING_SYSTEM: 'Linux',
        PLATFORM: 'Linux/UNIX',
      },
    });
    lines.push({
      from,
      to,
      rate: EBS_RATE,
      tags,
      dimensions: {
        ...base,
        ...region,
        SERVICE: 'EC2 - Other',
        PURCHASE_TYPE: 'On Demand Instances',
        INSTANCE_TYPE: 'NoInstanceType',
        INSTANCE_TYPE_FAMILY: 'NoInstanceTypeFamily',
        USAGE_TYPE: usageType(node.region, 'EBS:VolumeUsage.gp3'),
        OPERATING_SYSTEM: 'NoOperatingSystem',
        PLATFORM: 'NoPlatform',
      },
    });
  }
  for (const cluster of CLUSTER_NAMES) {
    const { region } = CLUSTER_SETUPS[cluster];
    lines.push({
      from: scenario.start - 365 * 24 * HOUR_MS,
      to: scenario.now,
      rate: EKS_RATE,
      tags: { 'eks:cluster-name': cluster },
      dimensions: {
        ...base,
        REGION: region,
        SERVICE: 'Amazon Elastic Container Service for Kubernetes',
        PURCHASE_TYPE: 'On Demand Instances',
        INSTANCE_TYPE: 'NoInstanceType',
        INSTANCE_TYPE_FAMILY: 'NoInstanceTypeFamily',
        USAGE_TYPE: usageType(region, 'AmazonEKS-Hours:perCluster'),
        AZ: 'NoAZ',
        OPERATING_SYSTEM: 'NoOperatingSystem',
        PLATFORM: 'NoPlatform',
      },
    });
  }
  return lines;
}

/** On-demand list rates of a node in its region, split between CPU and RAM like OpenCost does. */
export function nodeRates(instanceType: string, region: string) {
  const it = INSTANCE_TYPES[instanceType];
  const hourly = listPrice(instanceType, region);
  return {
    cpuPerCoreHour: (hourly * 0.65) / it.vcpu,
    ramPerGiBHour: (hourly * 0.35) / it.memoryGiB,
    vcpu: it.vcpu,
    memoryGiB: it.memoryGiB,
  };
}

export function nodesOf(scenario: Scenario, cluster: ClusterName) {
  return scenario.nodeHistory.filter(n => n.cluster === cluster);
}
