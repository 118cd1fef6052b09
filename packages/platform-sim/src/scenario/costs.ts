import { HOUR_MS, INSTANCE_TYPES } from './constants';
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

/** Every billed line of the scenario (EC2 compute, EBS, EKS control plane). */
export function costLines(scenario: Scenario): CostLine[] {
  const lines: CostLine[] = [];
  const base = {
    REGION: scenario.region,
    LINKED_ACCOUNT: scenario.accountId,
    RECORD_TYPE: 'Usage',
  };
  for (const node of scenario.nodeHistory) {
    const from = node.createdAt;
    const to = node.deletedAt ?? scenario.now;
    const tags = {
      'eks:cluster-name': node.cluster,
      'karpenter.sh/nodepool': node.nodePool,
      'karpenter.sh/capacity-type': node.capacityType,
    };
    const spot = node.capacityType === 'spot';
    lines.push({
      from,
      to,
      rate: node.hourlyPrice,
      tags,
      dimensions: {
        ...base,
        SERVICE: 'Amazon Elastic Compute Cloud - Compute',
        PURCHASE_TYPE: spot ? 'Spot Instances' : 'On Demand Instances',
        INSTANCE_TYPE: node.instanceType,
        INSTANCE_TYPE_FAMILY: node.instanceType.split('.')[0],
        USAGE_TYPE: `EUW1-${spot ? 'SpotUsage' : 'BoxUsage'}:${
          node.instanceType
        }`,
        AZ: node.zone,
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
        SERVICE: 'EC2 - Other',
        PURCHASE_TYPE: 'On Demand Instances',
        INSTANCE_TYPE: 'NoInstanceType',
        INSTANCE_TYPE_FAMILY: 'NoInstanceTypeFamily',
        USAGE_TYPE: 'EUW1-EBS:VolumeUsage.gp3',
        AZ: node.zone,
        OPERATING_SYSTEM: 'NoOperatingSystem',
        PLATFORM: 'NoPlatform',
      },
    });
  }
  for (const cluster of CLUSTER_NAMES) {
    lines.push({
      from: scenario.start - 365 * 24 * HOUR_MS,
      to: scenario.now,
      rate: EKS_RATE,
      tags: { 'eks:cluster-name': cluster },
      dimensions: {
        ...base,
        SERVICE: 'Amazon Elastic Container Service for Kubernetes',
        PURCHASE_TYPE: 'On Demand Instances',
        INSTANCE_TYPE: 'NoInstanceType',
        INSTANCE_TYPE_FAMILY: 'NoInstanceTypeFamily',
        USAGE_TYPE: 'EUW1-AmazonEKS-Hours:perCluster',
        AZ: 'NoAZ',
        OPERATING_SYSTEM: 'NoOperatingSystem',
        PLATFORM: 'NoPlatform',
      },
    });
  }
  return lines;
}

/** On-demand list rates of a node, split between CPU and RAM like OpenCost does. */
export function nodeRates(instanceType: string) {
  const it = INSTANCE_TYPES[instanceType];
  return {
    cpuPerCoreHour: (it.onDemandHourly * 0.65) / it.vcpu,
    ramPerGiBHour: (it.onDemandHourly * 0.35) / it.memoryGiB,
    vcpu: it.vcpu,
    memoryGiB: it.memoryGiB,
  };
}

export function nodesOf(scenario: Scenario, cluster: ClusterName) {
  return scenario.nodeHistory.filter(n => n.cluster === cluster);
}
