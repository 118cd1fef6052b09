import { CostDashboard, CostLine } from '@internal/plugin-platform-cost-common';

const usd0 = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const usd2 = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

export const formatUsd = (v: number) =>
  (Math.abs(v) >= 100 ? usd0 : usd2).format(v);
/** Small unit costs (per 1,000 requests) keep two significant digits instead of rounding to $0.00. */
export const formatUnitUsd = (v: number) =>
  v >= 0.01 ? usd2.format(v) : `$${Number(v.toPrecision(2)).toString()}`;
export const formatPercent = (v: number) => `${Math.round(v * 100)} %`;

function csvCell(v: unknown) {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The dashboard as CSV: one section per table (teams, services, nodepools, daily trend). */
export function dashboardCsv(d: CostDashboard): string {
  const rows: unknown[][] = [
    [
      'section',
      'key',
      'title',
      'team',
      'cost_usd',
      'share',
      'spot_share',
      'arm_share',
      'monthly_usd',
    ],
  ];
  const add = (section: string, lines: CostLine[]) =>
    lines.forEach(l =>
      rows.push([
        section,
        l.key,
        l.title,
        l.team ?? '',
        l.cost.toFixed(2),
        l.share.toFixed(4),
        l.spotShare.toFixed(4),
        l.armShare.toFixed(4),
        l.monthly.toFixed(2),
      ]),
    );
  add('team', d.teams);
  add('service', d.services);
  add('nodepool', d.nodepools);
  rows.push([]);
  rows.push([
    'day',
    'source',
    'hours_covered',
    'hours_failed',
    'cost_usd',
    'spot_usd',
    'on_demand_usd',
    'idle_usd',
    'nodes',
    'bin_packing',
  ]);
  for (const t of d.trend) {
    rows.push([
      t.day,
      t.source,
      t.hoursCovered,
      t.hoursFailed,
      t.cost.toFixed(2),
      t.spotCost.toFixed(2),
      t.onDemandCost.toFixed(2),
      t.idleCost.toFixed(2),
      t.nodes.toFixed(1),
      t.binPacking === null ? '' : t.binPacking.toFixed(4),
    ]);
  }
  return rows.map(r => r.map(csvCell).join(',')).join('\n');
}
