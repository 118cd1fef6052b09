import {
  CostExplorerClient,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import { awsClientConfig } from '../__testUtils__/clients';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('Cost Explorer GetCostAndUsage simulation', () => {
  let sim: PlatformSim;
  let client: CostExplorerClient;
  const period = { Start: '2025-05-20', End: '2025-06-01' };

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
    client = new CostExplorerClient(
      awsClientConfig(sim.urls.aws.costexplorer, 'us-east-1'),
    );
  });
  afterAll(async () => {
    client.destroy();
    await sim.stop();
  });

  it('groups daily EC2 cost by purchase type, spot cheaper per hour', async () => {
    const res = await client.send(
      new GetCostAndUsageCommand({
        TimePeriod: period,
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost', 'UsageQuantity'],
        GroupBy: [{ Type: 'DIMENSION', Key: 'PURCHASE_TYPE' }],
        Filter: {
          Dimensions: {
            Key: 'SERVICE',
            Values: ['Amazon Elastic Compute Cloud - Compute'],
          },
        },
      }),
    );
    expect(res.ResultsByTime).toHaveLength(12);
    const day = res.ResultsByTime![0];
    expect(day.TimePeriod).toEqual({ Start: '2025-05-20', End: '2025-05-21' });
    const groups = Object.fromEntries(
      day.Groups!.map(g => [g.Keys![0], g.Metrics!]),
    );
    expect(Object.keys(groups).sort()).toEqual([
      'On Demand Instances',
      'Spot Instances',
    ]);
    expect(groups['Spot Instances'].UnblendedCost.Unit).toBe('USD');
    const perHour = (k: string) =>
      Number(groups[k].UnblendedCost.Amount) /
      Number(groups[k].UsageQuantity.Amount);
    expect(perHour('Spot Instances')).toBeLessThan(
      perHour('On Demand Instances'),
    );
  });

  it('groups by instance type (incl. Graviton r8g) and by tag', async () => {
    const res = await client.send(
      new GetCostAndUsageCommand({
        TimePeriod: period,
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        GroupBy: [
          { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
          { Type: 'TAG', Key: 'eks:cluster-name' },
        ],
      }),
    );
    const keys = res.ResultsByTime!.flatMap(r => r.Groups!.map(g => g.Keys!));
    expect(keys.some(([it]) => it.startsWith('r8g.'))).toBe(true);
    expect(keys.some(([it]) => /^(m6i|m7i|c6i)\./.test(it))).toBe(true);
    expect(new Set(keys.map(k => k[1]))).toEqual(
      new Set(['eks:cluster-name$prod', 'eks:cluster-name$nonprod']),
    );
  });

  it('returns a Total without GroupBy and validates input', async () => {
    const res = await client.send(
      new GetCostAndUsageCommand({
        TimePeriod: period,
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
      }),
    );
    expect(
      Number(res.ResultsByTime![0].Total!.UnblendedCost.Amount),
    ).toBeGreaterThan(0);
    await expect(
      client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2025-06-01', End: '2025-05-01' },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});
