import { PriceFlag } from '@internal/plugin-platform-cost-common';
import { NodePrice } from '../Allocation';
import { ClusterNode } from '../Clusters';
import { PriceBook } from '../Prices';

/**
 * Prices a node: on-demand from the table, spot at the effective rate the bill shows for that
 * type (`spotRates`, USD per hour); a spot node without a known rate is costed at on-demand and
 * flagged, never at zero.
 */
export function createNodePricer(
  table: PriceBook,
  spotRates: Map<string, number>,
  spotSource: string,
): (node: ClusterNode) => NodePrice {
  return node => {
    const onDemand = table.onDemand(node.instanceType, node.region);
    const flags: PriceFlag[] = onDemand.flag ? [onDemand.flag] : [];
    let hourly = onDemand.hourly;
    if (node.capacityType === 'spot') {
      const rate = spotRates.get(node.instanceType);
      if (rate !== undefined) hourly = rate;
      else
        flags.push({
          instanceType: node.instanceType,
          region: node.region,
          costedAs: 'on-demand',
          reason: `No spot rate for ${node.instanceType} (${spotSource}): spot nodes of this type are costed at the on-demand price.`,
        });
    }
    let x86Hourly = hourly;
    const x86Type =
      node.arch === 'arm64'
        ? table.x86Equivalent(node.instanceType)
        : undefined;
    if (x86Type) {
      const x86 = table.onDemand(x86Type, node.region);
      x86Hourly = (hourly * x86.hourly) / onDemand.hourly;
    }
    return { hourly, onDemandHourly: onDemand.hourly, x86Hourly, flags };
  };
}

/** Effective spot rate per instance type: billed spot cost / spot hours over the period. */
export function spotRatesFromBill(
  usage: Array<{
    instanceType: string;
    spot: boolean;
    cost: number;
    hours: number;
  }>,
) {
  const sums = new Map<string, { cost: number; hours: number }>();
  for (const u of usage) {
    if (!u.spot || u.hours <= 0) continue;
    const s = sums.get(u.instanceType) ?? { cost: 0, hours: 0 };
    s.cost += u.cost;
    s.hours += u.hours;
    sums.set(u.instanceType, s);
  }
  return new Map([...sums].map(([type, s]) => [type, s.cost / s.hours]));
}
