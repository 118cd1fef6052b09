import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
  GroupDefinition,
} from '@aws-sdk/client-cost-explorer';
import { awsClientConfig } from '../__testUtils__/clients';
import { SIM_KUBERNETES_TOKEN } from '../credentials';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';
import { Contract, loadContracts } from './contracts';
import { serveReplay } from './replay';
import { undocumentedShape } from './shape';

const NOW = new Date('2026-12-04T12:00:00Z');

/** The documented bodies of one upstream answering one path, and the union of their maps. */
function documented(upstream: string, path: string) {
  const contracts = loadContracts(upstream).filter(
    (c: Contract) => c.request.path.split('?')[0] === path,
  );
  expect(contracts.length).toBeGreaterThan(0);
  return {
    bodies: contracts.map(c => c.body),
    maps: [...new Set(contracts.flatMap(c => c.maps ?? []))],
  };
}

describe('platform-sim nodes and costs stay within the documented shapes', () => {
  let sim: PlatformSim;
  let ce: CostExplorerClient;

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
    ce = new CostExplorerClient(
      awsClientConfig(sim.urls.aws.costexplorer, 'us-east-1'),
    );
  });
  afterAll(async () => {
    ce.destroy();
    await sim.stop();
  });

  const kube = async (cluster: 'prod' | 'nonprod', path: string) => {
    const res = await fetch(`${sim.urls.kubernetes[cluster]}${path}`, {
      headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
    });
    return { status: res.status, body: await res.json() };
  };

  const nodeList = async (cluster: 'prod' | 'nonprod') => {
    const { bodies, maps } = documented('kubernetes', '/api/v1/nodes');
    const { status, body } = await kube(cluster, '/api/v1/nodes');
    expect(status).toBe(200);
    expect(undocumentedShape(bodies, body, maps)).toEqual([]);
    expect(body.items).toHaveLength(sim.scenario.nodes[cluster].length);
    const items: Array<{
      metadata: { name: string; labels: Record<string, string> };
    }> = body.items;
    return {
      names: items.map(n => n.metadata.name),
      labels: items.map(n => n.metadata.labels),
    };
  };

  it('lists prod’s Karpenter v1 nodes in the documented NodeList shape', async () => {
    const { labels } = await nodeList('prod');
    expect(labels.every(l => l['karpenter.sh/nodepool'])).toBe(true);
    expect(
      new Set(labels.map(l => l['topology.kubernetes.io/region'])),
    ).toEqual(new Set(['eu-west-1']));
  });

  it('lists nonprod’s pre-v1 (v1alpha5) nodes, in us-east-1, in the documented NodeList shape', async () => {
    const { names, labels } = await nodeList('nonprod');
    // Karpenter v0.31: the pool is named by the provisioner label, never by nodepool.
    expect(labels.filter(l => l['karpenter.sh/nodepool'])).toEqual([]);
    expect(
      new Set(labels.map(l => l['karpenter.sh/provisioner-name'])),
    ).toEqual(new Set(['general', 'graviton']));
    expect(
      new Set(labels.map(l => l['topology.kubernetes.io/region'])),
    ).toEqual(new Set(['us-east-1']));
    expect(names.filter(n => !n.endsWith('.ec2.internal'))).toEqual([]);
    // Families outside the eu-west-1 price table.
    const families = new Set(
      labels.map(l => l['node.kubernetes.io/instance-type'].split('.')[0]),
    );
    expect(
      ['t3', 'm5', 'c7g'].filter(f => families.has(f)).length,
    ).toBeGreaterThan(0);
  });

  it('serves each cluster only its own Karpenter API: v1 NodePools in prod, v1alpha5 Provisioners in nonprod', async () => {
    expect((await kube('prod', '/apis/karpenter.sh/v1/nodepools')).status).toBe(
      200,
    );
    expect(
      (await kube('prod', '/apis/karpenter.sh/v1alpha5/provisioners')).status,
    ).toBe(404);
    expect(
      (await kube('nonprod', '/apis/karpenter.sh/v1/nodepools')).status,
    ).toBe(404);
    const provisioners = await kube(
      'nonprod',
      '/apis/karpenter.sh/v1alpha5/provisioners',
    );
    expect(provisioners.status).toBe(200);
    expect(provisioners.body.kind).toBe('ProvisionerList');
    expect(provisioners.body.items.map((p: any) => p.metadata.name)).toEqual([
      'general',
      'graviton',
    ]);
    const machines = await kube(
      'nonprod',
      '/apis/karpenter.sh/v1alpha5/machines',
    );
    expect(machines.body.items).toHaveLength(sim.scenario.nodes.nonprod.length);
  });

  it('answers the allocation query platform-cost makes in the documented OpenCost shape', async () => {
    const { bodies, maps } = documented('opencost', '/allocation/compute');
    const res = await fetch(
      `${sim.urls.opencost}/allocation/compute?${new URLSearchParams({
        window: '2026-12-02T00:00:00Z,2026-12-04T00:00:00Z',
        step: '1d',
        aggregate: 'cluster,namespace,label:backstage.io/kubernetes-id',
      })}`,
    );
    const body = await res.json();
    expect(body.data).toHaveLength(2);
    expect(Object.keys(body.data[0])).toEqual(
      expect.arrayContaining(['prod/__idle__', 'nonprod/__idle__']),
    );
    expect(undocumentedShape(bodies, body, maps)).toEqual([]);
  });

  describe('Cost Explorer GetCostAndUsage as platform-cost asks it', () => {
    const { bodies, maps } = documented('costexplorer', '/');
    const ask = async (
      groupBy: GroupDefinition[],
      extra: Expression[],
      start = '2026-12-01',
    ) => {
      const { $metadata: _, ...body } = await ce.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: start, End: '2026-12-04' },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost', 'UsageQuantity'],
          Filter: {
            And: [
              { Tags: { Key: 'eks:cluster-name', Values: ['nonprod'] } },
              {
                Dimensions: {
                  Key: 'SERVICE',
                  Values: ['Amazon Elastic Compute Cloud - Compute'],
                },
              },
              ...extra,
            ],
          },
          GroupBy: groupBy,
        }),
      );
      expect(undocumentedShape(bodies, body, maps)).toEqual([]);
      return new Set(
        body.ResultsByTime!.flatMap(r => r.Groups!.map(g => g.Keys![0])),
      );
    };
    const byTag = (key: string): GroupDefinition[] => [
      { Type: 'TAG', Key: key },
      { Type: 'DIMENSION', Key: 'PURCHASE_TYPE' },
    ];

    it('puts nonprod’s pre-v1 instances in the untagged karpenter.sh/nodepool group, and names them by karpenter.sh/provisioner-name', async () => {
      expect(await ask(byTag('karpenter.sh/nodepool'), [])).toEqual(
        new Set(['karpenter.sh/nodepool$']),
      );
      expect(
        await ask(byTag('karpenter.sh/provisioner-name'), [
          { Tags: { Key: 'karpenter.sh/nodepool', MatchOptions: ['ABSENT'] } },
        ]),
      ).toEqual(
        new Set([
          'karpenter.sh/provisioner-name$general',
          'karpenter.sh/provisioner-name$graviton',
        ]),
      );
    });

    it('bills nonprod’s instances in us-east-1 (30 days: nonprod runs mostly spot)', async () => {
      const byRegion: GroupDefinition[] = [
        { Type: 'DIMENSION', Key: 'REGION' },
        { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
      ];
      const spot: Expression = {
        Dimensions: { Key: 'PURCHASE_TYPE', Values: ['Spot Instances'] },
      };
      expect(await ask(byRegion, [spot], '2026-11-04')).toEqual(
        new Set(['us-east-1']),
      );
      expect(await ask(byRegion, [{ Not: spot }], '2026-11-04')).toEqual(
        new Set(['us-east-1']),
      );
    });
  });
});

describe('serveReplay requestBody', () => {
  it('tells apart requests to one path by their body', async () => {
    const server = await serveReplay([
      { method: 'POST', path: '/', requestBody: /ABSENT/, body: { n: 2 } },
      { method: 'POST', path: '/', body: { n: 1 } },
    ]);
    try {
      const post = async (body: unknown) =>
        (
          await fetch(`${server.baseUrl}/`, {
            method: 'POST',
            body: JSON.stringify(body),
          })
        ).json();
      expect(await post({ MatchOptions: ['ABSENT'] })).toEqual({ n: 2 });
      expect(await post({ MatchOptions: ['EQUALS'] })).toEqual({ n: 1 });
    } finally {
      await server.close();
    }
  });
});
