import {
  Inspector2Client,
  ListFindingsCommand,
  paginateListFindings,
} from '@aws-sdk/client-inspector2';
import { awsClientConfig } from '../__testUtils__/clients';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('Inspector2 ListFindings simulation', () => {
  let sim: PlatformSim;
  let client: Inspector2Client;

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
    client = new Inspector2Client(awsClientConfig(sim.urls.aws.inspector2));
  });
  afterAll(async () => {
    client.destroy();
    await sim.stop();
  });

  it('lists ECR image findings of a repository with epoch timestamps', async () => {
    const res = await client.send(
      new ListFindingsCommand({
        filterCriteria: {
          ecrImageRepositoryName: [
            { comparison: 'EQUALS', value: 'checkout/cart-service' },
          ],
          findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
        },
        maxResults: 10,
      }),
    );
    expect(res.findings!.length).toBeGreaterThan(0);
    const f = res.findings![0];
    expect(f.type).toBe('PACKAGE_VULNERABILITY');
    expect(f.firstObservedAt).toBeInstanceOf(Date);
    expect(f.firstObservedAt!.getFullYear()).toBeGreaterThan(2020);
    const image = f.resources![0].details!.awsEcrContainerImage!;
    expect(image.repositoryName).toBe('checkout/cart-service');
    expect(image.imageHash).toMatch(/^sha256:/);
    expect(f.packageVulnerabilityDetails!.vulnerabilityId).toMatch(/^CVE-/);
  });

  it('paginates over every finding', async () => {
    let count = 0;
    for await (const page of paginateListFindings(
      { client, pageSize: 100 },
      {},
    )) {
      count += page.findings?.length ?? 0;
    }
    expect(count).toBe(sim.scenario.findings.length);
  });

  it('rejects maxResults above 100', async () => {
    await expect(
      client.send(new ListFindingsCommand({ maxResults: 500 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
