import {
  GetFindingsCommand,
  SecurityHubClient,
  paginateGetFindings,
} from '@aws-sdk/client-securityhub';
import { awsClientConfig } from '../__testUtils__/clients';
import { controlFindings } from '../scenario';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('SecurityHub GetFindings simulation', () => {
  let sim: PlatformSim;
  let client: SecurityHubClient;

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
    client = new SecurityHubClient(awsClientConfig(sim.urls.aws.securityhub));
  });
  afterAll(async () => {
    client.destroy();
    await sim.stop();
  });

  it('pages through every finding with the SDK paginator', async () => {
    let count = 0;
    let pages = 0;
    const ids = new Set<string>();
    for await (const page of paginateGetFindings(
      { client, pageSize: 100 },
      {},
    )) {
      pages++;
      for (const f of page.Findings ?? []) {
        ids.add(f.Id!);
        count++;
      }
    }
    // Inspector's vulnerabilities and the account's control findings
    expect(count).toBe(
      sim.scenario.findings.length + controlFindings(sim.scenario).length,
    );
    expect(ids.size).toBe(count);
    expect(pages).toBe(Math.ceil(count / 100));
  });

  it('returns ASFF Inspector findings for ECR images', async () => {
    const res = await client.send(
      new GetFindingsCommand({
        Filters: {
          ProductName: [{ Value: 'Inspector', Comparison: 'EQUALS' }],
          ResourceType: [
            { Value: 'AwsEcrContainerImage', Comparison: 'EQUALS' },
          ],
        },
        MaxResults: 5,
      }),
    );
    expect(res.Findings).toHaveLength(5);
    expect(res.NextToken).toBeDefined();
    const f = res.Findings![0];
    expect(f.SchemaVersion).toBe('2018-10-08');
    expect(f.AwsAccountId).toBe('123456789012');
    expect(typeof f.UpdatedAt).toBe('string');
    const image = f.Resources![0].Details!.AwsEcrContainerImage!;
    expect(image.RepositoryName).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    expect(image.ImageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.ImageTags![0]).toMatch(/^1\.\d+\.\d+$/);
    expect(f.Vulnerabilities![0].Id).toMatch(/^CVE-/);
  });

  it('filters by ResourceId PREFIX, severity, record state and resource tags', async () => {
    const prefix =
      'arn:aws:ecr:eu-west-1:123456789012:repository/payments/payments-api/';
    const findings = [];
    for await (const page of paginateGetFindings(
      { client },
      {
        Filters: {
          ResourceId: [{ Value: prefix, Comparison: 'PREFIX' }],
          SeverityLabel: [
            { Value: 'CRITICAL', Comparison: 'EQUALS' },
            { Value: 'HIGH', Comparison: 'EQUALS' },
          ],
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          ResourceTags: [
            { Key: 'service', Value: 'payments-api', Comparison: 'EQUALS' },
          ],
        },
      },
    )) {
      findings.push(...(page.Findings ?? []));
    }
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.Resources![0].Id!.startsWith(prefix)).toBe(true);
      expect(['CRITICAL', 'HIGH']).toContain(f.Severity!.Label);
      expect(f.RecordState).toBe('ACTIVE');
    }
  });

  it('has findings for images that run and for images that no longer run', async () => {
    const service = sim.scenario.serviceByName.get('search-api')!;
    const running = new Set(
      (['prod', 'nonprod'] as const).map(
        c =>
          `sha256:${
            service.releases[
              service.deployments[c].history.at(-1)!.releaseIndex
            ].digest
          }`,
      ),
    );
    const digests = new Set<string>();
    for await (const page of paginateGetFindings(
      { client },
      {
        Filters: {
          ResourceTags: [
            { Key: 'service', Value: 'search-api', Comparison: 'EQUALS' },
          ],
          ResourceType: [
            { Value: 'AwsEcrContainerImage', Comparison: 'EQUALS' },
          ],
        },
      },
    )) {
      for (const f of page.Findings ?? []) {
        digests.add(
          f.Resources![0].Details!.AwsEcrContainerImage!.ImageDigest!,
        );
      }
    }
    for (const d of running) expect(digests).toContain(d);
    expect([...digests].some(d => !running.has(d))).toBe(true);
  });

  it('rejects MaxResults above 100 and a foreign NextToken', async () => {
    await expect(
      client.send(new GetFindingsCommand({ MaxResults: 101 })),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      $metadata: { httpStatusCode: 400 },
    });
    const first = await client.send(new GetFindingsCommand({ MaxResults: 1 }));
    await expect(
      client.send(
        new GetFindingsCommand({
          MaxResults: 1,
          NextToken: first.NextToken,
          Filters: { SeverityLabel: [{ Value: 'LOW', Comparison: 'EQUALS' }] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  it('requires a SigV4 Authorization header for the simulator key', async () => {
    const res = await fetch(`${sim.urls.aws.securityhub}/findings`, {
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe(
      'MissingAuthenticationTokenException',
    );
    const other = new SecurityHubClient({
      ...awsClientConfig(sim.urls.aws.securityhub),
      credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' },
    });
    await expect(other.send(new GetFindingsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
    other.destroy();
  });

  it('holds well over twice as many active control findings as vulnerabilities, mostly PASSED and RESOLVED by Security Hub', async () => {
    const all = [];
    for await (const page of paginateGetFindings(
      { client },
      {
        Filters: {
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          ComplianceStatus: [
            { Value: 'PASSED', Comparison: 'EQUALS' },
            { Value: 'FAILED', Comparison: 'EQUALS' },
            { Value: 'WARNING', Comparison: 'EQUALS' },
            { Value: 'NOT_AVAILABLE', Comparison: 'EQUALS' },
          ],
        },
      },
    )) {
      all.push(...(page.Findings ?? []));
    }
    const vulnerabilities = sim.scenario.findings.length;
    expect(all.length).toBeGreaterThan(2.5 * vulnerabilities);
    const byStatus = new Map<string, number>();
    for (const f of all) {
      expect(f.Vulnerabilities).toBeUndefined();
      expect(f.ProductName).toBe('Security Hub');
      expect(f.Compliance!.SecurityControlId).toMatch(/^[A-Za-z0-9]+\.\d+$/);
      const status = f.Compliance!.Status!;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);

      // legacy CIS 1.2.0 findings name their rule, the others their standard's control id
      const fields = f.ProductFields!;
      expect(fields.StandardsArn ?? fields.StandardsGuideArn).toMatch(
        /^arn:aws:securityhub:::(standards|ruleset)\//,
      );
      expect(fields.ControlId ?? fields.RuleId).toBeDefined();
    }
    expect(byStatus.get('PASSED')! / all.length).toBeGreaterThan(0.6);
    const passed = all.filter(f => f.Compliance!.Status === 'PASSED');
    expect(new Set(passed.map(f => f.Workflow!.Status))).toEqual(
      new Set(['RESOLVED']),
    );
    expect(new Set(passed.map(f => f.Severity!.Label))).toEqual(
      new Set(['INFORMATIONAL']),
    );
    expect(byStatus.get('FAILED')).toBeGreaterThan(0);
    const accountLevel = all.filter(f => f.Resources![0].Type === 'AwsAccount');
    expect(accountLevel.length).toBeGreaterThan(0);
    for (const f of accountLevel) expect(f.Resources![0].Tags).toBeUndefined();
  });

  it('lists every vulnerable package of an Inspector finding with epoch, version and release', async () => {
    const packages = [];
    for await (const page of paginateGetFindings(
      { client },
      {
        Filters: {
          ProductName: [{ Value: 'Inspector', Comparison: 'EQUALS' }],
        },
      },
    )) {
      for (const f of page.Findings ?? []) {
        packages.push(
          ...f.Vulnerabilities![0].VulnerablePackages!.map(p => ({
            ...p,
            count: f.Vulnerabilities![0].VulnerablePackages!.length,
            type: f.Resources![0].Type,
          })),
        );
      }
    }
    expect(packages.some(p => p.count > 1)).toBe(true);
    // Amazon Linux 2023 nodes: RPM openssl with epoch 1, written 1:version-release when fixed
    const rpm = packages.find(
      p => p.type === 'AwsEc2Instance' && p.Epoch === '1' && p.FixedInVersion,
    )!;
    expect(rpm.Release).toMatch(/amzn2023/);
    expect(rpm.FixedInVersion).toMatch(/^1:[^-]+-\d+\.amzn2023\.0\.\d+$/);
    // Debian images: zlib1g 1:1.2.13.dfsg-1 as epoch 1, version 1.2.13.dfsg, release 1
    const zlib = packages.find(p => p.Name === 'zlib1g')!;
    expect([zlib.Epoch, zlib.Version, zlib.Release]).toEqual([
      '1',
      '1.2.13.dfsg',
      '1',
    ]);
  });
});
