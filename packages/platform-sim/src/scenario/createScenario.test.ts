import {
  BENCHMARK_SCENARIO_OPTIONS,
  createScenario,
  runningReleaseIndexes,
} from './createScenario';
import { buildClusterState } from './kubernetes';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('createScenario', () => {
  it('is deterministic for a seed', () => {
    const a = createScenario({ seed: 7, now: NOW });
    const b = createScenario({ seed: 7, now: NOW });
    const c = createScenario({ seed: 8, now: NOW });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.services)).not.toBe(JSON.stringify(c.services));
  });

  it('gives every node a distinct name, also at benchmark scale', () => {
    // Seed 42 with 1,200 nodes once named two prod nodes alike (the names were hashed).
    for (const seed of [42, 43]) {
      for (const now of [NOW, new Date('2026-11-26T08:00:00Z')]) {
        const s = createScenario({ seed, nodes: 1200, services: 12, now });
        const names = s.nodeHistory.map(n => n.name);
        expect(s.nodes.prod.length).toBe(720);
        expect(new Set(names).size).toBe(names.length);
        expect(names[0]).toMatch(
          /^ip-10-1\d-\d{1,3}-\d{1,3}\.eu-west-1\.compute\.internal$/,
        );
      }
    }
  });

  it('has at least 12 services over the four product teams by default', () => {
    const s = createScenario({ now: NOW });
    expect(s.services.length).toBeGreaterThanOrEqual(12);
    const teams = new Set(s.services.map(x => x.team.name));
    expect(teams).toEqual(
      new Set([
        'team-payments',
        'team-checkout',
        'team-discovery',
        'team-identity',
      ]),
    );
    for (const service of s.services) {
      expect(service.deployments.prod.history.length).toBeGreaterThan(0);
      expect(service.deployments.nonprod.history.length).toBeGreaterThan(0);
    }
  });

  it('keeps nonprod ahead of prod for some services and carries the failures', () => {
    const s = createScenario({ now: NOW });
    const ahead = s.services.filter(
      x =>
        x.deployments.nonprod.history.at(-1)!.releaseIndex >
        x.deployments.prod.history.at(-1)!.releaseIndex,
    );
    expect(ahead.length).toBeGreaterThan(0);
    const failures = s.services.flatMap(x =>
      Object.values(x.deployments)
        .filter(d => d.failure)
        .map(d => `${x.name}/${d.cluster}/${d.failure}/${d.sync}/${d.health}`),
    );
    expect(failures.sort()).toEqual([
      'auth-service/prod/progressing/Synced/Progressing',
      'checkout-api/prod/out-of-sync/OutOfSync/Healthy',
      'fraud-scoring/nonprod/progress-deadline/Synced/Degraded',
      'fraud-scoring/prod/sidecar-missing/Synced/Healthy',
      'payouts-service/nonprod/oom-killed/Synced/Healthy',
      'payouts-service/prod/hook-failed/OutOfSync/Healthy',
      'pricing-engine/nonprod/image-not-found/Synced/Progressing',
      'pricing-engine/prod/pdb-blocking/Synced/Healthy',
      'recommendations/prod/arch-mismatch/Synced/Degraded',
      'refunds-worker/nonprod/crash-loop/Synced/Degraded',
      'reviews-api/nonprod/secret-sync-error/Synced/Progressing',
      'reviews-api/prod/certificate-not-ready/Synced/Healthy',
      'sessions-api/nonprod/image-unauthorized/Synced/Progressing',
      'sessions-api/prod/sync-failed/OutOfSync/Healthy',
    ]);
  });

  it('has Karpenter nodes that come and go, with Graviton and x86 types', () => {
    const s = createScenario({ now: NOW });
    const all = [...s.nodes.prod, ...s.nodes.nonprod];
    expect(
      all.some(n => n.instanceType.startsWith('r8g.') && n.arch === 'arm64'),
    ).toBe(true);
    expect(
      all.some(
        n => /^(m6i|m7i|c6i)\./.test(n.instanceType) && n.arch === 'amd64',
      ),
    ).toBe(true);
    expect(all.some(n => n.capacityType === 'spot')).toBe(true);
    expect(all.some(n => n.capacityType === 'on-demand')).toBe(true);
    const gone = s.nodeHistory.filter(n => n.deletedAt !== undefined);
    expect(gone.length).toBeGreaterThan(all.length);
    expect(gone.some(n => n.disruptionReason === 'Underutilized')).toBe(true);
  });

  it('gives every running image at least one finding', () => {
    const s = createScenario({ now: NOW });
    s.services.forEach((service, i) => {
      for (const r of runningReleaseIndexes(service)) {
        expect(
          s.findings.some(f => f.serviceIndex === i && f.releaseIndex === r),
        ).toBe(true);
      }
    });
  });

  it('scales to the benchmark size', () => {
    const s = createScenario({ ...BENCHMARK_SCENARIO_OPTIONS, now: NOW });
    expect(s.services).toHaveLength(500);
    expect(s.findings).toHaveLength(50_000);
    expect(s.nodes.prod.length + s.nodes.nonprod.length).toBe(600);
    const state = buildClusterState(s, 'prod');
    expect(state.objects.get('apps/v1/deployments')).toHaveLength(500);
  });
});
