import { PriceFlag } from '@internal/plugin-platform-cost-common';

export interface PriceTableFile {
  region: string;
  source: string;
  asOf: string;
  /** Graviton family → the x86 family it replaces (same size). */
  x86Equivalents: Record<string, string>;
  prices: Record<string, { hourly: number; arch: string }>;
}

export interface OnDemandPrice {
  hourly: number;
  /** Set when the table has no price for the exact type. */
  flag?: PriceFlag;
}

/** AWS's size normalization factors: within a family, price is proportional to them. */
const SIZE_FACTORS: Record<string, number> = {
  nano: 0.25,
  micro: 0.5,
  small: 1,
  medium: 2,
  large: 4,
  xlarge: 8,
};

export function sizeFactor(size: string): number | undefined {
  if (size in SIZE_FACTORS) return SIZE_FACTORS[size];
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? Number(m[1]) * 8 : undefined;
}

function split(instanceType: string) {
  const dot = instanceType.indexOf('.');
  return dot < 0
    ? { family: instanceType, size: '' }
    : { family: instanceType.slice(0, dot), size: instanceType.slice(dot + 1) };
}

/** On-demand list prices of the instance types in use, with the fallbacks the issue asks for. */
export class PriceTable {
  constructor(readonly file: PriceTableFile) {}

  archOf(instanceType: string): string | undefined {
    return this.file.prices[instanceType]?.arch;
  }

  /**
   * The on-demand price of a type in this table's region. A type missing from the table is
   * costed at the nearest known size of its family, scaled by AWS's normalization factors, and
   * flagged; undefined when the table has no size of the family (the caller decides: another
   * region's price of the type, or the table's average).
   */
  exactOrScaled(instanceType: string): OnDemandPrice | undefined {
    const exact = this.file.prices[instanceType];
    if (exact) return { hourly: exact.hourly };
    const { family, size } = split(instanceType);
    const target = sizeFactor(size);
    const known = Object.entries(this.file.prices)
      .map(([name, p]) => ({ name, ...split(name), hourly: p.hourly }))
      .filter(k => k.family === family && sizeFactor(k.size) !== undefined);
    if (target === undefined || known.length === 0) return undefined;
    const nearest = known.reduce((best, k) =>
      Math.abs(Math.log(sizeFactor(k.size)! / target)) <
      Math.abs(Math.log(sizeFactor(best.size)! / target))
        ? k
        : best,
    );
    const region = this.file.region;
    return {
      hourly: (nearest.hourly * target) / sizeFactor(nearest.size)!,
      flag: {
        instanceType,
        region,
        costedAs: nearest.name,
        reason: `No ${region} list price for ${instanceType}: costed as ${nearest.name} scaled by size.`,
      },
    };
  }

  /** The table's average price per normalized size unit, times the type's size. */
  average(instanceType: string): number {
    const perUnit = Object.entries(this.file.prices).map(
      ([name, p]) => p.hourly / (sizeFactor(split(name).size) ?? 8),
    );
    const average = perUnit.reduce((a, b) => a + b, 0) / perUnit.length;
    return average * (sizeFactor(split(instanceType).size) ?? 8);
  }

  /**
   * The on-demand price of a type: exact, else the nearest size of its family (flagged), else
   * the table's average price per size unit (flagged). Never zero.
   */
  onDemand(instanceType: string): OnDemandPrice {
    const found = this.exactOrScaled(instanceType);
    if (found) return found;
    const region = this.file.region;
    return {
      hourly: this.average(instanceType),
      flag: {
        instanceType,
        region,
        costedAs: `${region} table average`,
        reason: `No ${region} list price for the ${
          split(instanceType).family
        } family: ${instanceType} costed at the ${region} table's average price per size unit. Add it to prices/ec2-on-demand-${region}.json (scripts/refresh-prices.mjs ${region} --add ${instanceType}).`,
      },
    };
  }

  /** The x86 type a Graviton type replaces (`r8g.xlarge` → `r7i.xlarge`), if known. */
  x86Equivalent(instanceType: string): string | undefined {
    const { family, size } = split(instanceType);
    const x86 = this.file.x86Equivalents[family];
    return x86 ? `${x86}.${size}` : undefined;
  }
}

/**
 * The on-demand price tables of every region the nodes run in (one committed file per region),
 * priced by the node's region.
 */
export class PriceBook {
  readonly tables: ReadonlyMap<string, PriceTable>;

  constructor(
    tables: PriceTable[],
    /** The region a node without any region or zone label is assumed to run in. */
    readonly defaultRegion: string = tables[0]?.file.region,
  ) {
    if (tables.length === 0) throw new Error('No on-demand price table');
    this.tables = new Map(tables.map(t => [t.file.region, t]));
    if (!this.tables.has(defaultRegion)) {
      throw new Error(`No on-demand price table for ${defaultRegion}`);
    }
  }

  /** The table of a region, if one is committed. */
  table(region: string | undefined): PriceTable | undefined {
    return this.tables.get(region ?? this.defaultRegion);
  }

  archOf(instanceType: string): string | undefined {
    for (const t of this.tables.values()) {
      const arch = t.archOf(instanceType);
      if (arch) return arch;
    }
    return undefined;
  }

  /**
   * The on-demand price of a type in a region. The region's table (exact, or the nearest size of
   * the family, flagged); a region without a table, or a family its table lacks, takes the type
   * from another region's table (flagged: regions differ by some 10–20 %); a type no table knows
   * is costed at the region's (or the default region's) average per size unit, flagged. Never zero.
   */
  onDemand(instanceType: string, region?: string): OnDemandPrice {
    const where = region ?? this.defaultRegion;
    const own = this.tables.get(where);
    const found = own?.exactOrScaled(instanceType);
    if (found) return found;
    const why = own
      ? `No ${where} list price for ${instanceType}`
      : `No price table for ${where} (prices/ec2-on-demand-${where}.json)`;
    const fix = `Add it to prices/ec2-on-demand-${where}.json (scripts/refresh-prices.mjs ${where} --add ${instanceType}).`;
    for (const other of this.tables.values()) {
      if (other === own) continue;
      const elsewhere = other.exactOrScaled(instanceType);
      if (!elsewhere) continue;
      return {
        hourly: elsewhere.hourly,
        flag: {
          instanceType,
          region: where,
          costedAs: `${other.file.region} price`,
          reason: `${why}: ${instanceType} costed at its ${
            other.file.region
          } price${
            elsewhere.flag ? ` (${elsewhere.flag.costedAs} scaled by size)` : ''
          }, which can differ by 10–20 %. ${fix}`,
        },
      };
    }
    const fallback = own ?? this.tables.get(this.defaultRegion)!;
    const fallbackRegion = fallback.file.region;
    return {
      hourly: fallback.average(instanceType),
      flag: {
        instanceType,
        region: where,
        costedAs: `${fallbackRegion} table average`,
        reason: `${why}, and no table has the ${
          split(instanceType).family
        } family: ${instanceType} costed at the ${fallbackRegion} table's average price per size unit, an estimate. ${fix}`,
      },
    };
  }

  /** The x86 type a Graviton type replaces (`r8g.xlarge` → `r7i.xlarge`), if known. */
  x86Equivalent(instanceType: string): string | undefined {
    for (const t of this.tables.values()) {
      const x86 = t.x86Equivalent(instanceType);
      if (x86) return x86;
    }
    return undefined;
  }

  /** Where each table comes from, for the dashboard's provenance. */
  provenance() {
    return [...this.tables.values()].map(t => ({
      region: t.file.region,
      source: t.file.source,
      asOf: t.file.asOf,
    }));
  }
}

/**
 * The region of a node from its labels: `topology.kubernetes.io/region`, else the deprecated
 * `failure-domain.beta.kubernetes.io/region`, else its zone without the zone letter
 * (`eu-west-1b` → `eu-west-1`; a Local Zone `us-east-1-bos-1a` → `us-east-1`).
 */
export function regionOfNode(
  labels: Record<string, string>,
): string | undefined {
  const region =
    labels['topology.kubernetes.io/region'] ??
    labels['failure-domain.beta.kubernetes.io/region'];
  if (region) return region;
  const zone =
    labels['topology.kubernetes.io/zone'] ??
    labels['failure-domain.beta.kubernetes.io/zone'];
  const m = zone ? /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)/.exec(zone) : null;
  return m ? m[1] : undefined;
}
