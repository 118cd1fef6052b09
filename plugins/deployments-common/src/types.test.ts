import { DeploymentRow, rowMatchesStatus } from './types';

const row = (over: Partial<DeploymentRow>): DeploymentRow => ({
  id: 'x',
  entityRef: 'component:default/x',
  service: 'x',
  cluster: 'prod',
  syncStatus: 'Synced',
  health: 'Healthy',
  images: [],
  serviceImages: [],
  sidecarImages: [],
  history: [],
  needsReview: [],
  stale: false,
  ...over,
});

describe('rowMatchesStatus', () => {
  it('matches sync, health, review and drift filters', () => {
    const outOfSync = row({
      syncStatus: 'OutOfSync',
      needsReview: [{ kind: 'OutOfSync', message: 'm' }],
    });
    expect(rowMatchesStatus(outOfSync, 'OutOfSync')).toBe(true);
    expect(rowMatchesStatus(outOfSync, 'needsReview')).toBe(true);
    expect(rowMatchesStatus(outOfSync, 'Degraded')).toBe(false);
    expect(rowMatchesStatus(row({}), 'needsReview')).toBe(false);
    expect(
      rowMatchesStatus(
        row({ drift: { aheadCluster: 'nonprod', message: 'm' } }),
        'VersionDrift',
      ),
    ).toBe(true);
  });
});
