import { boardFixture } from './__fixtures__/board';
import { filterRows, sortRows } from './boardLogic';

describe('board logic', () => {
  const rows = boardFixture.rows;

  it('filters by status, owner, cluster and search', () => {
    expect(filterRows(rows, { status: 'OutOfSync' }).map(r => r.id)).toEqual([
      'checkout-api|prod',
    ]);
    expect(filterRows(rows, { status: 'needsReview' })).toHaveLength(3);
    expect(
      filterRows(rows, { owner: 'group:default/team-payments' }),
    ).toHaveLength(2);
    expect(
      filterRows(rows, { cluster: 'nonprod', search: 'REFUNDS' }),
    ).toHaveLength(1);
    expect(filterRows(rows, { search: '1.3.0 drift' })).toHaveLength(0);
    expect(filterRows(rows, { search: 'revisions behind' })).toHaveLength(1);
  });

  it('sorts rows that need review first, then by service and cluster', () => {
    const sorted = sortRows(rows, 'review', 'asc').map(r => r.id);
    expect(sorted.at(-1)).toBe('checkout-api|nonprod');
    expect(sortRows(rows, 'service', 'desc')[0].service).toBe('refunds-worker');
  });
});
