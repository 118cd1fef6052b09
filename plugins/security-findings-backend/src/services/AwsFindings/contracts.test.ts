import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  ReplayServer,
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
  loadContracts,
  serveReplay,
} from '@internal/platform-sim';
import { createAwsFindingsReader } from './createAwsFindingsReader';

/**
 * The documented SecurityHub and Inspector2 bodies (packages/platform-sim/contracts/) served over
 * HTTP to the plugin's own AWS SDK clients. Expected values are read off the AWS documentation
 * samples by hand, as dpkg and RPM write versions — not computed by the code under test.
 */
describe('SecurityHub and Inspector2 documented answers, read by the plugin', () => {
  let server: ReplayServer;
  const accountId = '123456789012';
  const region = 'eu-west-1';

  beforeAll(async () => {
    const hub = loadContracts('securityhub');
    const inspector = loadContracts('inspector2');
    server = await serveReplay([
      {
        method: 'POST',
        path: '/findings',
        body: { Findings: hub.flatMap(c => (c.body as any).Findings) },
      },
      {
        method: 'POST',
        path: '/findings/list',
        body: { findings: inspector.flatMap(c => (c.body as any).findings) },
      },
    ]);
  });
  afterAll(() => server.close());

  const reader = (options: {
    inspector2: boolean;
    complianceControls: boolean;
  }) =>
    createAwsFindingsReader({
      credentials: DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({
          aws: {
            accounts: [
              {
                accountId,
                accessKeyId: SIM_AWS_ACCESS_KEY_ID,
                secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
              },
            ],
          },
        }),
      ),
      logger: mockServices.logger.mock(),
      endpoints: { securityHub: server.baseUrl, inspector2: server.baseUrl },
      maxThrottleRetries: 0,
      ...options,
    });

  const expectedPackages = {
    'CVE-2024-6119': [
      {
        name: 'libssl3t64',
        installedVersion: '3.0.13-0ubuntu3.2',
        fixedInVersion: '3.0.13-0ubuntu3.4',
        packageManager: 'OS',
      },
      {
        name: 'openssl',
        installedVersion: '3.0.13-0ubuntu3.2',
        fixedInVersion: '3.0.13-0ubuntu3.4',
        packageManager: 'OS',
      },
    ],
    'CVE-2024-5535': [
      {
        name: 'openssl-libs',
        installedVersion: '1:3.0.8-1.amzn2023.0.12',
        fixedInVersion: '1:3.0.8-1.amzn2023.0.14',
        packageManager: 'OS',
      },
      {
        name: 'openssl',
        installedVersion: '1:3.0.8-1.amzn2023.0.12',
        fixedInVersion: '1:3.0.8-1.amzn2023.0.14',
        packageManager: 'OS',
      },
      {
        name: 'openssl-snapsafe-libs',
        installedVersion: '1:3.0.8-1.amzn2023.0.12',
        packageManager: 'OS',
      },
    ],
    'CVE-2024-4067': [
      {
        name: 'micromatch',
        installedVersion: '4.0.5',
        fixedInVersion: '4.0.8',
        packageManager: 'NODEPKG',
        filePath: 'app/node_modules/micromatch/package.json',
      },
      {
        name: 'micromatch',
        installedVersion: '4.0.5',
        fixedInVersion: '4.0.8',
        packageManager: 'NODEPKG',
        filePath:
          'usr/local/lib/node_modules/npm/node_modules/micromatch/package.json',
      },
    ],
  };

  it.each([
    ['with Inspector2 detail', true],
    ['from SecurityHub alone (ASFF strings)', false],
  ])(
    'lists every vulnerable package, installed → fixed as the package manager writes it, %s',
    async (_label, inspector2) => {
      const { findings, controls, other } = await reader({
        inspector2,
        complianceControls: true,
      }).readActive({ accountId, region });
      expect(other).toBe(0);
      expect(controls).toHaveLength(4);
      expect(
        Object.fromEntries(findings.map(f => [f.cve, f.packages])),
      ).toEqual(expectedPackages);
      // "None Provided" is no recommendation
      expect(findings.map(f => f.remediation)).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    },
  );

  it('reads control findings apart from vulnerabilities: control, standards, status, the control’s severity', async () => {
    const { findings, controls } = await reader({
      inspector2: true,
      complianceControls: true,
    }).readActive({ accountId, region });
    expect(findings.map(f => f.resourceType).sort()).toEqual([
      'AwsEc2Instance',
      'AwsEcrContainerImage',
      'AwsEcrContainerImage',
    ]);
    expect(
      controls
        .map(c => [
          c.controlId,
          c.status,
          c.severity,
          c.standards.join(' + '),
          c.resourceType,
          c.title,
          c.workflowStatus,
        ])
        .sort(),
    ).toEqual([
      [
        'CloudTrail.2',
        'FAILED',
        'MEDIUM',
        'AWS FSBP v1.0.0',
        'AwsCloudTrailTrail',
        'CloudTrail should have encryption at-rest enabled',
        'NEW',
      ],
      [
        'CloudWatch.1',
        'FAILED',
        'LOW',
        'CIS AWS Foundations v1.2.0',
        'AwsAccount',
        'Ensure a log metric filter and alarm exist for usage of "root" account',
        'NOTIFIED',
      ],
      [
        'EC2.8',
        'WARNING',
        'HIGH',
        'AWS FSBP v1.0.0 + NIST SP 800-53 v5.0.0 + PCI DSS v4.0.1',
        'AwsEc2Instance',
        'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)',
        'NEW',
      ],
      [
        'S3.5',
        'PASSED',
        // a PASSED finding is labelled INFORMATIONAL; the control is MEDIUM
        'MEDIUM',
        'PCI DSS v3.2.1',
        'AwsS3Bucket',
        'S3 buckets should require requests to use Secure Socket Layer',
        'RESOLVED',
      ],
    ]);
  });

  it('leaves control findings out entirely when complianceControls is off', async () => {
    const { findings, controls } = await reader({
      inspector2: false,
      complianceControls: false,
    }).readActive({ accountId, region });
    expect(findings).toHaveLength(3);
    expect(controls).toEqual([]);
  });
});
