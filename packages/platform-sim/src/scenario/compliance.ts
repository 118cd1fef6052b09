import { Scenario } from './createScenario';
import { Rng, stableUuid } from './random';
import { SeverityLabel } from './types';

/** Security Hub standards enabled in the simulated account (consolidated control findings off). */
export const STANDARDS = {
  fsbp: {
    arn: 'arn:aws:securityhub:::standards/aws-foundational-security-best-practices/v/1.0.0',
    id: 'standards/aws-foundational-security-best-practices/v/1.0.0',
    subscription:
      'subscription/aws-foundational-security-best-practices/v/1.0.0',
    type: 'Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices',
  },
  // CIS v1.2.0 still uses the legacy "ruleset" form: StandardsGuideArn and RuleId.
  cis: {
    arn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
    id: 'ruleset/cis-aws-foundations-benchmark/v/1.2.0',
    subscription: 'subscription/cis-aws-foundations-benchmark/v/1.2.0',
    type: 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
  },
  nist: {
    arn: 'arn:aws:securityhub:::standards/nist-800-53/v/5.0.0',
    id: 'standards/nist-800-53/v/5.0.0',
    subscription: 'subscription/nist-800-53/v/5.0.0',
    type: 'Software and Configuration Checks/Industry and Regulatory Standards',
  },
  pci: {
    arn: 'arn:aws:securityhub:::standards/pci-dss/v/3.2.1',
    id: 'standards/pci-dss/v/3.2.1',
    subscription: 'subscription/pci-dss/v/3.2.1',
    type: 'Software and Configuration Checks/Industry and Regulatory Standards/PCI-DSS',
  },
} as const;
export type StandardKey = keyof typeof STANDARDS;

export type ComplianceStatus =
  | 'PASSED'
  | 'FAILED'
  | 'WARNING'
  | 'NOT_AVAILABLE';

/** A Security Hub control: one finding per resource it evaluates and per enabled standard it is in. */
export interface Control {
  securityControlId: string;
  title: string;
  severity: SeverityLabel;
  resourceType: string;
  /** The control's id in each standard that has it (CIS 1.2.0: its rule number). */
  standards: Partial<Record<StandardKey, string>>;
  /** Share of evaluated resources that fail. */
  failRate: number;
  configRule?: string;
}

const c = (
  securityControlId: string,
  severity: SeverityLabel,
  resourceType: string,
  title: string,
  standards: Partial<Record<StandardKey, string>>,
  failRate: number,
): Control => ({
  securityControlId,
  title,
  severity,
  resourceType,
  // NIST SP 800-53 Rev. 5 has (nearly) every FSBP control, under the same id
  standards: standards.fsbp
    ? { ...standards, nist: securityControlId }
    : standards,
  failRate,
  configRule: `securityhub-${securityControlId
    .toLowerCase()
    .replace('.', '-')}`,
});

/** Account-level controls (resource `AwsAccount`, no tags). */
export const ACCOUNT_CONTROLS: Control[] = [
  c(
    'IAM.4',
    'CRITICAL',
    'AwsAccount',
    'IAM root user access key should not exist',
    { fsbp: 'IAM.4', cis: '1.12', pci: 'PCI.IAM.1' },
    0,
  ),
  c(
    'IAM.6',
    'CRITICAL',
    'AwsAccount',
    'Hardware MFA should be enabled for the root user',
    { fsbp: 'IAM.6', cis: '1.14', pci: 'PCI.IAM.4' },
    1,
  ),
  c(
    'IAM.9',
    'CRITICAL',
    'AwsAccount',
    'MFA should be enabled for the root user',
    { cis: '1.13', pci: 'PCI.IAM.5' },
    0,
  ),
  c(
    'IAM.15',
    'MEDIUM',
    'AwsAccount',
    'Ensure IAM password policy requires minimum password length of 14 or greater',
    { cis: '1.9' },
    1,
  ),
  c(
    'CloudWatch.1',
    'LOW',
    'AwsAccount',
    'A log metric filter and alarm should exist for usage of the "root" user',
    { cis: '3.3', pci: 'PCI.CW.1' },
    1,
  ),
  c(
    'CloudWatch.4',
    'LOW',
    'AwsAccount',
    'Ensure a log metric filter and alarm exist for IAM policy changes',
    { cis: '3.4' },
    1,
  ),
  c(
    'CloudTrail.1',
    'HIGH',
    'AwsAccount',
    'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    { fsbp: 'CloudTrail.1', cis: '2.1', pci: 'PCI.CloudTrail.2' },
    0,
  ),
  c(
    'Config.1',
    'MEDIUM',
    'AwsAccount',
    'AWS Config should be enabled and use the service-linked role for resource recording',
    { fsbp: 'Config.1', cis: '2.5', pci: 'PCI.Config.1' },
    0,
  ),
  c(
    'GuardDuty.1',
    'HIGH',
    'AwsAccount',
    'GuardDuty should be enabled',
    { fsbp: 'GuardDuty.1', pci: 'PCI.GuardDuty.1' },
    0,
  ),
  c(
    'EC2.7',
    'MEDIUM',
    'AwsAccount',
    'EBS default encryption should be enabled',
    { fsbp: 'EC2.7' },
    1,
  ),
  c(
    'S3.1',
    'MEDIUM',
    'AwsAccount',
    'S3 general purpose buckets should have block public access settings enabled',
    { fsbp: 'S3.1', pci: 'PCI.S3.6' },
    0,
  ),
];

/** Controls on each service's own resources (tagged with the service). */
export const SERVICE_CONTROLS: Control[] = [
  c(
    'S3.5',
    'MEDIUM',
    'AwsS3Bucket',
    'S3 general purpose buckets should require requests to use SSL',
    { fsbp: 'S3.5', pci: 'PCI.S3.5' },
    0.15,
  ),
  c(
    'S3.8',
    'HIGH',
    'AwsS3Bucket',
    'S3 general purpose buckets should block public access',
    { fsbp: 'S3.8' },
    0.04,
  ),
  c(
    'S3.9',
    'MEDIUM',
    'AwsS3Bucket',
    'S3 general purpose buckets should have server access logging enabled',
    { fsbp: 'S3.9', pci: 'PCI.S3.7' },
    0.55,
  ),
  c(
    'S3.4',
    'MEDIUM',
    'AwsS3Bucket',
    'S3 general purpose buckets should have server-side encryption enabled',
    { fsbp: 'S3.4', pci: 'PCI.S3.4' },
    0.02,
  ),
  c(
    'ECR.1',
    'HIGH',
    'AwsEcrRepository',
    'ECR private repositories should have image scanning configured',
    { fsbp: 'ECR.1' },
    0.02,
  ),
  c(
    'ECR.2',
    'MEDIUM',
    'AwsEcrRepository',
    'ECR private repositories should have tag immutability configured',
    { fsbp: 'ECR.2' },
    0.4,
  ),
  c(
    'ECR.3',
    'MEDIUM',
    'AwsEcrRepository',
    'ECR repositories should have at least one lifecycle policy configured',
    { fsbp: 'ECR.3' },
    0.25,
  ),
  c(
    'IAM.1',
    'HIGH',
    'AwsIamPolicy',
    'IAM policies should not allow full "*" administrative privileges',
    { fsbp: 'IAM.1', cis: '1.22', pci: 'PCI.IAM.3' },
    0.03,
  ),
  c(
    'IAM.21',
    'LOW',
    'AwsIamPolicy',
    'IAM customer managed policies that you create should not allow wildcard actions for services',
    { fsbp: 'IAM.21' },
    0.3,
  ),
  c(
    'SQS.1',
    'MEDIUM',
    'AwsSqsQueue',
    'Amazon SQS queues should be encrypted at rest',
    { fsbp: 'SQS.1' },
    0.2,
  ),
  c(
    'SecretsManager.1',
    'MEDIUM',
    'AwsSecretsManagerSecret',
    'Secrets Manager secrets should have automatic rotation enabled',
    { fsbp: 'SecretsManager.1' },
    0.45,
  ),
  c(
    'SecretsManager.4',
    'MEDIUM',
    'AwsSecretsManagerSecret',
    'Secrets Manager secrets should be rotated within a specified number of days',
    { fsbp: 'SecretsManager.4' },
    0.35,
  ),
  c(
    'KMS.4',
    'MEDIUM',
    'AwsKmsKey',
    'AWS KMS key rotation should be enabled',
    { fsbp: 'KMS.4', cis: '2.8', pci: 'PCI.KMS.1' },
    0.25,
  ),
  c(
    'EC2.18',
    'HIGH',
    'AwsEc2SecurityGroup',
    'Security groups should only allow unrestricted incoming traffic for authorized ports',
    { fsbp: 'EC2.18' },
    0.05,
  ),
  c(
    'EC2.19',
    'CRITICAL',
    'AwsEc2SecurityGroup',
    'Security groups should not allow unrestricted access to ports with high risk',
    { fsbp: 'EC2.19' },
    0.01,
  ),
  c(
    'DynamoDB.2',
    'MEDIUM',
    'AwsDynamoDbTable',
    'DynamoDB tables should have point-in-time recovery enabled',
    { fsbp: 'DynamoDB.2' },
    0.3,
  ),
  c(
    'DynamoDB.6',
    'MEDIUM',
    'AwsDynamoDbTable',
    'DynamoDB tables should have deletion protection enabled',
    { fsbp: 'DynamoDB.6' },
    0.5,
  ),
];

/** Controls on Karpenter nodes (EC2 instances and their root volumes). */
export const NODE_CONTROLS: Control[] = [
  c(
    'EC2.8',
    'HIGH',
    'AwsEc2Instance',
    'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)',
    { fsbp: 'EC2.8' },
    0.02,
  ),
  c(
    'EC2.9',
    'HIGH',
    'AwsEc2Instance',
    'EC2 instances should not have a public IPv4 address',
    { fsbp: 'EC2.9', pci: 'PCI.EC2.4' },
    0,
  ),
  c(
    'SSM.1',
    'MEDIUM',
    'AwsEc2Instance',
    'EC2 instances should be managed by AWS Systems Manager',
    { fsbp: 'SSM.1', pci: 'PCI.SSM.3' },
    0.08,
  ),
  c(
    'EC2.3',
    'MEDIUM',
    'AwsEc2Volume',
    'Attached EBS volumes should be encrypted at-rest',
    { fsbp: 'EC2.3' },
    0.1,
  ),
];

/** Controls on each cluster and its VPC. */
export const CLUSTER_CONTROLS: Control[] = [
  c(
    'EKS.1',
    'HIGH',
    'AwsEksCluster',
    'EKS cluster endpoints should not be publicly accessible',
    { fsbp: 'EKS.1' },
    0.5,
  ),
  c(
    'EKS.2',
    'HIGH',
    'AwsEksCluster',
    'EKS clusters should run on a supported Kubernetes version',
    { fsbp: 'EKS.2' },
    0,
  ),
  c(
    'EKS.8',
    'MEDIUM',
    'AwsEksCluster',
    'EKS clusters should have audit logging enabled',
    { fsbp: 'EKS.8' },
    0.5,
  ),
  c(
    'EC2.6',
    'MEDIUM',
    'AwsEc2Vpc',
    'VPC flow logging should be enabled in all VPCs',
    { cis: '2.9', pci: 'PCI.EC2.6' },
    0.5,
  ),
];

/** Compact form of one Security Hub control finding (one control, one standard, one resource). */
export interface ControlFindingRecord {
  /** Position among the account's control findings. */
  index: number;
  control: Control;
  standard: StandardKey;
  resourceType: string;
  resourceId: string;
  resourceTags?: Record<string, string>;
  status: ComplianceStatus;
  workflowStatus: 'NEW' | 'NOTIFIED' | 'SUPPRESSED' | 'RESOLVED';
  recordState: 'ACTIVE' | 'ARCHIVED';
  firstObservedAt: number;
  updatedAt: number;
  /** Stable finding id (the UUID at the end of the finding's ARN). */
  uuid: string;
}

/** FAILED below the control's fail rate; the top 2.5 % WARNING (1 %) or NOT_AVAILABLE (1.5 %). */
function statusFor(roll: number, failRate: number): ComplianceStatus {
  if (roll < failRate) return 'FAILED';
  if (roll > 0.985) return 'NOT_AVAILABLE';
  if (roll > 0.975) return 'WARNING';
  return 'PASSED';
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const cache = new WeakMap<Scenario, ControlFindingRecord[]>();

/**
 * The account's Security Hub control findings (CIS v1.2.0, AWS FSBP, NIST SP 800-53 r5, PCI DSS v3.2.1; consolidated
 * control findings off, so a control in two standards gives two findings per resource). They scale
 * with the account's resources — per service an ECR repository, 1–4 S3 buckets, an IAM policy,
 * 1–4 SQS queues, 1–3 secrets, a KMS key, a security group and 0–3 DynamoDB tables; per node an
 * instance and its volume; per cluster the EKS cluster and its VPC; the account itself — not with
 * the `findings` option. Mostly PASSED (Workflow RESOLVED, as Security Hub sets it), some FAILED,
 * WARNING or NOT_AVAILABLE; findings of terminated nodes are ARCHIVED. Deterministic per scenario.
 */
export function controlFindings(scenario: Scenario): ControlFindingRecord[] {
  const cached = cache.get(scenario);
  if (cached) return cached;
  const { accountId, region, now } = scenario;
  const seed = scenario.options.seed;
  const rng = new Rng(`${seed}:controls`);
  const out: ControlFindingRecord[] = [];
  const add = (
    controls: Control[],
    resourceType: string,
    resourceId: string,
    since: number,
    until: number | undefined,
    tags?: Record<string, string>,
  ) => {
    for (const control of controls) {
      if (control.resourceType !== resourceType) continue;
      // a resource fails a control or passes it, whatever the standard
      const roll = rng.next();
      const status = statusFor(roll, control.failRate);
      const firstObservedAt = Math.min(
        now - HOUR_MS,
        since + rng.int(1, 12) * HOUR_MS,
      );
      for (const standard of Object.keys(control.standards) as StandardKey[]) {
        const archived = until !== undefined;
        const workflowStatus =
          status === 'PASSED'
            ? 'RESOLVED'
            : rng.weighted([
                ['NEW', 0.7],
                ['NOTIFIED', 0.2],
                ['SUPPRESSED', 0.1],
              ] as const);
        out.push({
          index: out.length,
          control,
          standard,
          resourceType,
          resourceId,
          ...(tags ? { resourceTags: tags } : {}),
          status,
          workflowStatus,
          recordState: archived ? 'ARCHIVED' : 'ACTIVE',
          firstObservedAt,
          // controls are re-evaluated at least daily; archived when the resource went away
          updatedAt: archived
            ? Math.max(firstObservedAt, until + rng.int(1, 72) * HOUR_MS)
            : Math.max(firstObservedAt, now - rng.int(10, 24 * 60) * 60_000),
          uuid: stableUuid(`${seed}:control:${out.length}`),
        });
      }
    }
  };
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${region}:${accountId}:${resource}`;
  const accountSince = now - 400 * DAY_MS;
  add(
    ACCOUNT_CONTROLS,
    'AwsAccount',
    `AWS::::Account:${accountId}`,
    accountSince,
    undefined,
  );
  for (const cluster of ['prod', 'nonprod']) {
    add(
      CLUSTER_CONTROLS,
      'AwsEksCluster',
      arn('eks', `cluster/${cluster}`),
      accountSince,
      undefined,
    );
    add(
      CLUSTER_CONTROLS,
      'AwsEc2Vpc',
      arn(
        'ec2',
        `vpc/vpc-${
          cluster === 'prod' ? '0a1b2c3d4e5f60718' : '0f9e8d7c6b5a40312'
        }`,
      ),
      accountSince,
      undefined,
    );
  }
  for (const service of scenario.services) {
    const tags = { service: service.name, team: service.team.name };
    const since = service.releases[0]?.pushedAt ?? accountSince;
    const name = service.name;
    const resources: Array<[string, string]> = [
      ['AwsEcrRepository', arn('ecr', `repository/${service.repository}`)],
      ['AwsIamPolicy', `arn:aws:iam::${accountId}:policy/${name}-irsa`],
      ['AwsKmsKey', arn('kms', `key/${stableUuid(`${seed}:kms:${name}`)}`)],
      [
        'AwsEc2SecurityGroup',
        arn(
          'ec2',
          `security-group/sg-${stableUuid(`${seed}:sg:${name}`)
            .replace(/-/g, '')
            .slice(0, 17)}`,
        ),
      ],
    ];
    for (let i = 0, n = rng.int(1, 4); i < n; i++) {
      resources.push([
        'AwsS3Bucket',
        `arn:aws:s3:::pier-${name}-${
          ['artifacts', 'exports', 'uploads', 'backups'][i]
        }`,
      ]);
    }
    for (let i = 0, n = rng.int(1, 4); i < n; i++) {
      resources.push([
        'AwsSqsQueue',
        arn('sqs', `${name}-${['events', 'retries', 'dlq', 'outbox'][i]}`),
      ]);
    }
    for (let i = 0, n = rng.int(1, 3); i < n; i++) {
      resources.push([
        'AwsSecretsManagerSecret',
        arn(
          'secretsmanager',
          `secret:${name}/${['db', 'api-keys', 'webhook'][i]}-${stableUuid(
            `${seed}:sec:${name}:${i}`,
          ).slice(0, 6)}`,
        ),
      ]);
    }
    for (let i = 0, n = rng.int(0, 3); i < n; i++) {
      resources.push([
        'AwsDynamoDbTable',
        arn(
          'dynamodb',
          `table/${name}-${['state', 'idempotency', 'sessions'][i]}`,
        ),
      ]);
    }
    for (const [type, id] of resources)
      add(SERVICE_CONTROLS, type, id, since, undefined, tags);
  }
  for (const node of scenario.nodeHistory) {
    const tags = {
      'eks:cluster-name': node.cluster,
      'karpenter.sh/nodepool': node.nodePool,
    };
    add(
      NODE_CONTROLS,
      'AwsEc2Instance',
      arn('ec2', `instance/${node.instanceId}`),
      node.createdAt,
      node.deletedAt,
      tags,
    );
    add(
      NODE_CONTROLS,
      'AwsEc2Volume',
      arn('ec2', `volume/vol-${node.instanceId.slice(2)}`),
      node.createdAt,
      node.deletedAt,
      tags,
    );
  }
  cache.set(scenario, out);
  return out;
}
