import { ClusterInventory, ClusterPod } from '../Clusters';
import { allocateHour, NodePrice } from './allocate';

const GiB = 1024 ** 3;
const node = (
  name: string,
  capacityType: 'spot' | 'on-demand',
  arch = 'amd64',
) => ({
  name,
  nodepool: 'general',
  instanceType: 'm6i.xlarge',
  capacityType,
  arch,
  zone: 'eu-west-1a',
  createdAt: '2026-11-01T00:00:00Z',
  cpuAllocatable: 4,
  memoryAllocatable: 16 * GiB,
});
const pod = (
  name: string,
  nodeName: string,
  id: string | undefined,
  cpu: number,
  memGiB: number,
): ClusterPod => ({
  namespace: 'payments',
  name,
  nodeName,
  kubernetesId: id,
  labels: id
    ? { 'backstage.io/kubernetes-id': id, app: id }
    : ({} as Record<string, string>),
  cpuRequest: cpu,
  memoryRequest: memGiB * GiB,
});

describe('allocateHour', () => {
  // Prices chosen by hand: on-demand node $0.20/h, spot node $0.08/h (list $0.20).
  const priceOf = (n: { capacityType: string }): NodePrice =>
    n.capacityType === 'spot'
      ? { hourly: 0.08, onDemandHourly: 0.2, x86Hourly: 0.08, flags: [] }
      : { hourly: 0.2, onDemandHourly: 0.2, x86Hourly: 0.2, flags: [] };

  const inventory: ClusterInventory = {
    cluster: 'prod',
    nodes: [node('a', 'on-demand'), node('b', 'spot', 'arm64')],
    pods: [
      pod('api-1', 'a', 'api', 1, 4), // 25 % CPU, 25 % memory of a
      pod('api-2', 'b', 'api', 1, 4), // 25 % of b
      pod('worker-1', 'a', 'worker', 2, 2), // 50 % CPU, 12.5 % memory of a
      pod('loose', 'a', undefined, 0.5, 0), // unlabelled
    ],
    disruptionBudgets: [{ namespace: 'payments', matchLabels: { app: 'api' } }],
  };

  it('charges each service its requested share (65 % CPU, 35 % memory) and leaves the rest idle', () => {
    const result = allocateHour(inventory, priceOf);
    const api = result.workloads.find(w => w.kubernetesId === 'api')!;
    const worker = result.workloads.find(w => w.kubernetesId === 'worker')!;
    const loose = result.workloads.find(w => w.kubernetesId === undefined)!;
    // api: 0.25 of a ($0.05) + 0.25 of b ($0.02)
    expect(api.cost).toBeCloseTo(0.07, 10);
    expect(api.spotCost).toBeCloseTo(0.02, 10);
    expect(api.armCost).toBeCloseTo(0.02, 10);
    // worker: (0.65 × 0.5 + 0.35 × 0.125) × 0.20 = 0.07375
    expect(worker.cost).toBeCloseTo(0.07375, 10);
    // loose: 0.65 × 0.125 × 0.20 = 0.01625
    expect(loose.cost).toBeCloseTo(0.01625, 10);
    expect(result.total).toBeCloseTo(0.28, 10);
    expect(result.idle).toBeCloseTo(0.28 - 0.07 - 0.07375 - 0.01625, 10);
    expect(api.hasDisruptionBudget).toBe(true);
    expect(worker.hasDisruptionBudget).toBe(false);
    expect(api.spotReplicas).toBe(1);
    expect(api.armReplicas).toBe(1);
  });

  it('never allocates more than a node costs when requests exceed allocatable', () => {
    const over: ClusterInventory = {
      ...inventory,
      nodes: [node('a', 'on-demand')],
      pods: [pod('x', 'a', 'x', 6, 8), pod('y', 'a', 'y', 2, 8)],
    };
    const result = allocateHour(over, priceOf);
    const sum = result.workloads.reduce((s, w) => s + w.cost, 0);
    expect(sum + result.idle).toBeCloseTo(result.total, 10);
    expect(result.idle).toBeGreaterThanOrEqual(-1e-12);
    // CPU is fully requested (8 of 4 → scaled to 100 %), memory exactly: nothing idle.
    expect(result.idle).toBeCloseTo(0, 10);
  });
});
