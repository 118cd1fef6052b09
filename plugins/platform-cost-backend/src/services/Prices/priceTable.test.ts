import { INSTANCE_TYPES } from '@internal/platform-sim';
import { PriceBook, PriceTable, regionOfNode } from './priceTable';
import { loadPriceBook, loadPriceTable } from './loadPriceTable';

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
    expect(price.flag?.reason).toMatch(
      /No eu-west-1 list price for the x2gd family: x2gd.large costed at the eu-west-1 table's average/,
    );
  });

  it('maps a Graviton type to its x86 counterpart of the same size', () => {
    expect(table.x86Equivalent('r8g.xlarge')).toBe('r7i.xlarge');
    expect(table.x86Equivalent('m6i.large')).toBeUndefined();
  });

  it('ships committed tables that state their source and date', () => {
    const committed = loadPriceTable();
    expect(committed.file.source).toMatch(/NOT fetched/);
    expect(committed.file.asOf).toMatch(/^\d{4}-\d{2}-\d{2}/);
    const book = loadPriceBook();
    expect(book.provenance().map(t => t.region)).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
  });

  it('prices every type platform-sim runs, in every region it runs it, at the published number', () => {
    const book = loadPriceBook();
    let checked = 0;
    for (const [type, it] of Object.entries(INSTANCE_TYPES)) {
      for (const [region, hourly] of Object.entries(it.onDemandHourly)) {
        expect({ type, region, ...book.onDemand(type, region) }).toEqual({
          type,
          region,
          hourly,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});

describe('PriceBook', () => {
  const euWest1 = new PriceTable({
    region: 'eu-west-1',
    source: 'test',
    asOf: 'test',
    x86Equivalents: { c7g: 'c7i' },
    prices: {
      'm6i.large': { hourly: 0.107, arch: 'amd64' },
      'm6i.2xlarge': { hourly: 0.428, arch: 'amd64' },
    },
  });
  const usEast1 = new PriceTable({
    region: 'us-east-1',
    source: 'test',
    asOf: 'test',
    x86Equivalents: { c7g: 'c7i' },
    prices: {
      'm6i.large': { hourly: 0.096, arch: 'amd64' },
      't3.large': { hourly: 0.0832, arch: 'amd64' },
      'c7g.xlarge': { hourly: 0.145, arch: 'arm64' },
      'c7i.xlarge': { hourly: 0.1785, arch: 'amd64' },
    },
  });
  const book = new PriceBook([euWest1, usEast1], 'eu-west-1');

  it("prices a node from its own region's table", () => {
    expect(book.onDemand('m6i.large', 'us-east-1')).toEqual({ hourly: 0.096 });
    expect(book.onDemand('m6i.large', 'eu-west-1')).toEqual({ hourly: 0.107 });
    // No region known: the default region.
    expect(book.onDemand('m6i.large')).toEqual({ hourly: 0.107 });
    expect(book.archOf('c7g.xlarge')).toBe('arm64');
    expect(book.x86Equivalent('c7g.xlarge')).toBe('c7i.xlarge');
  });

  it('scales within the region before looking elsewhere', () => {
    const price = book.onDemand('m6i.xlarge', 'eu-west-1');
    expect(price.hourly).toBeCloseTo((0.107 * 8) / 4, 10);
    expect(price.flag).toMatchObject({
      region: 'eu-west-1',
      costedAs: expect.stringMatching(/^m6i\.(large|2xlarge)$/),
    });
  });

  it('costs a family its region lacks at another region’s price, and says so', () => {
    const price = book.onDemand('t3.large', 'eu-west-1');
    expect(price.hourly).toBe(0.0832);
    expect(price.flag).toEqual({
      instanceType: 't3.large',
      region: 'eu-west-1',
      costedAs: 'us-east-1 price',
      reason: expect.stringMatching(
        /^No eu-west-1 list price for t3.large: t3.large costed at its us-east-1 price, which can differ by 10–20 %. Add it to prices\/ec2-on-demand-eu-west-1.json/,
      ),
    });
  });

  it('costs a node in a region without a table at another region’s price, flagged', () => {
    const price = book.onDemand('m6i.large', 'ap-southeast-2');
    expect([0.107, 0.096]).toContain(price.hourly);
    expect(price.flag?.reason).toMatch(
      /^No price table for ap-southeast-2 \(prices\/ec2-on-demand-ap-southeast-2.json\): m6i.large costed at its (eu-west-1|us-east-1) price/,
    );
  });

  it('flags a type no table knows and still never costs it at zero', () => {
    const price = book.onDemand('x2gd.xlarge', 'ap-southeast-2');
    expect(price.hourly).toBeGreaterThan(0);
    expect(price.flag).toMatchObject({
      region: 'ap-southeast-2',
      costedAs: 'eu-west-1 table average',
    });
    expect(price.flag?.reason).toMatch(
      /^No price table for ap-southeast-2 .*, and no table has the x2gd family: x2gd.xlarge costed at the eu-west-1 table's average price per size unit, an estimate\./,
    );
  });

  it('refuses a default region without a table', () => {
    expect(() => new PriceBook([usEast1], 'eu-west-1')).toThrow(
      /No on-demand price table for eu-west-1/,
    );
  });
});

describe('regionOfNode', () => {
  it('reads the region label, else the zone without its letter', () => {
    expect(
      regionOfNode({
        'topology.kubernetes.io/region': 'us-east-1',
        'topology.kubernetes.io/zone': 'us-east-1a',
      }),
    ).toBe('us-east-1');
    expect(regionOfNode({ 'topology.kubernetes.io/zone': 'eu-west-1b' })).toBe(
      'eu-west-1',
    );
    expect(
      regionOfNode({
        'failure-domain.beta.kubernetes.io/zone': 'ap-southeast-2c',
      }),
    ).toBe('ap-southeast-2');
    // A Local Zone belongs to its parent region.
    expect(
      regionOfNode({ 'topology.kubernetes.io/zone': 'us-east-1-bos-1a' }),
    ).toBe('us-east-1');
    expect(
      regionOfNode({ 'topology.kubernetes.io/zone': 'us-gov-west-1a' }),
    ).toBe('us-gov-west-1');
    expect(regionOfNode({})).toBeUndefined();
  });
});
