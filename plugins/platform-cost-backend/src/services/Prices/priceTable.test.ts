import { PriceTable } from './priceTable';
import { loadPriceTable } from './loadPriceTable';

const table = new PriceTable({
  region: 'eu-west-1',
  source: 'test',
  asOf: 'test',
  x86Equivalents: { r8g: 'r7i' },
  prices: {
    'm6i.large': { hourly: 0.1, arch: 'amd64' },
    'm6i.2xlarge': { hourly: 0.4, arch: 'amd64' },
    'r8g.xlarge': { hourly: 0.25, arch: 'arm64' },
    'r7i.xlarge': { hourly: 0.3, arch: 'amd64' },
  },
});

describe('PriceTable', () => {
  it('uses the exact list price when the table has it, unflagged', () => {
    expect(table.onDemand('m6i.large')).toEqual({ hourly: 0.1 });
  });

  it('costs a missing size at the nearest known size of the family, scaled, and flags it', () => {
    // m6i.4xlarge is twice an m6i.2xlarge (normalization factors 32 vs 16).
    const price = table.onDemand('m6i.4xlarge');
    expect(price.hourly).toBeCloseTo(0.8, 10);
    expect(price.flag).toMatchObject({
      instanceType: 'm6i.4xlarge',
      costedAs: 'm6i.2xlarge',
    });
    // m6i.xlarge is as near to large as to 2xlarge; either way 2 × 0.1 = 0.4 / 2 = 0.2.
    expect(table.onDemand('m6i.xlarge').hourly).toBeCloseTo(0.2, 10);
  });

  it('never prices an unknown family at zero', () => {
    const price = table.onDemand('x2gd.large');
    expect(price.hourly).toBeGreaterThan(0);
    expect(price.flag?.reason).toMatch(/No list price for the x2gd family/);
  });

  it('maps a Graviton type to its x86 counterpart of the same size', () => {
    expect(table.x86Equivalent('r8g.xlarge')).toBe('r7i.xlarge');
    expect(table.x86Equivalent('m6i.large')).toBeUndefined();
  });

  it('ships a committed table that states its source and date and prices every simulated type', () => {
    const committed = loadPriceTable();
    expect(committed.file.source).toMatch(/NOT fetched/);
    expect(committed.file.asOf).toMatch(/^\d{4}-\d{2}-\d{2}/);
    for (const type of [
      'm6i.large',
      'm6i.xlarge',
      'm7i.xlarge',
      'c6i.xlarge',
      'r8g.large',
      'r8g.xlarge',
      'r8g.2xlarge',
      'm6i.2xlarge',
      'c6i.2xlarge',
    ]) {
      expect(committed.onDemand(type).flag).toBeUndefined();
    }
  });
});
