import { Scenario } from './createScenario';
import { stableHex } from './random';
import { FindingRecord } from './types';

/** Fields of a finding that both SecurityHub and Inspector2 views need. */
export interface FindingView {
  record: FindingRecord;
  arn: string;
  title: string;
  description: string;
  resourceTags: Record<string, string>;
  /** ECR image details; undefined for EC2 findings. */
  image?: {
    repositoryName: string;
    digest: string;
    tags: string[];
    pushedAt: number;
    architecture: string;
  };
  instanceId?: string;
  instanceType?: string;
  severityNormalized: number;
}

const NORMALIZED: Record<string, number> = {
  INFORMATIONAL: 0,
  LOW: 30,
  MEDIUM: 50,
  HIGH: 70,
  CRITICAL: 90,
};

const nodeIndexes = new WeakMap<
  Scenario,
  Map<string, Scenario['nodeHistory'][number]>
>();

function nodeByName(scenario: Scenario, name: string | undefined) {
  let index = nodeIndexes.get(scenario);
  if (!index) {
    index = new Map(scenario.nodeHistory.map(n => [n.name, n]));
    nodeIndexes.set(scenario, index);
  }
  return name ? index.get(name) : undefined;
}

export function findingView(scenario: Scenario, r: FindingRecord): FindingView {
  const arn = `arn:aws:inspector2:${scenario.region}:${
    scenario.accountId
  }:finding/${stableHex(`${scenario.options.seed}:finding:${r.index}`, 32)}`;
  const title = `${r.cve} - ${r.packageName}`;
  const description = `A vulnerability in ${r.packageName} ${
    r.packageVersion
  } (${r.cve}) ${
    r.fixedInVersion
      ? `is fixed in ${r.fixedInVersion}`
      : 'has no fix available yet'
  }.`;
  const view: FindingView = {
    record: r,
    arn,
    title,
    description,
    resourceTags: {},
    severityNormalized: NORMALIZED[r.severity],
  };
  if (r.resourceType === 'AwsEcrContainerImage') {
    const service = scenario.services[r.serviceIndex];
    const release = service.releases[r.releaseIndex];
    view.image = {
      repositoryName: service.repository,
      digest: `sha256:${release.digest}`,
      tags: [release.version],
      pushedAt: release.pushedAt,
      architecture: 'amd64',
    };
    view.resourceTags = {
      service: service.name,
      team: service.team.name,
      system: service.team.system,
    };
  } else {
    const node = nodeByName(scenario, r.nodeName);
    view.instanceId = node?.instanceId;
    view.instanceType = node?.instanceType;
    view.resourceTags = {
      'eks:cluster-name': node?.cluster ?? 'prod',
      'karpenter.sh/nodepool': node?.nodePool ?? 'general',
    };
  }
  return view;
}
