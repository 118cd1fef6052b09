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
   * The on-demand price of a type. A type missing from the table is costed at the nearest known
   * size of its family, scaled by AWS's normalization factors, and flagged; a family missing
   * entirely is costed at the table's average price per normalized unit, and flagged. Never zero.
   */
  onDemand(instanceType: string): OnDemandPrice {
    const exact = this.file.prices[instanceType];
    if (exact) return { hourly: exact.hourly };
    const { family, size } = split(instanceType);
    const target = sizeFactor(size);
    const known = Object.entries(this.file.prices)
      .map(([name, p]) => ({ name, ...split(name), hourly: p.hourly }))
      .filter(k => k.family === family && sizeFactor(k.size) !== undefined);
    if (target !== undefined && known.length > 0) {
      const nearest = known.reduce((best, k) =>
        Math.abs(Math.log(sizeFactor(k.size)! / target)) <
        Math.abs(Math.log(sizeFactor(best.size)! / target))
          ? k
          : best,
      );
      return {
        hourly: (nearest.hourly * target) / sizeFactor(nearest.size)!,
        flag: {
          instanceType,
          costedAs: nearest.name,
          reason: `No list price for ${instanceType}: costed as ${nearest.name} scaled by size.`,
        },
      };
    }
    const perUnit = Object.entries(this.file.prices).map(
      ([name, p]) => p.hourly / (sizeFactor(split(name).size) ?? 8),
    );
    const average = perUnit.reduce((a, b) => a + b, 0) / perUnit.length;
    return {
      hourly: average * (target ?? 8),
      flag: {
        instanceType,
        costedAs: 'table average',
        reason: `No list price for the ${family} family: costed at the table's average price per size unit.`,
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
