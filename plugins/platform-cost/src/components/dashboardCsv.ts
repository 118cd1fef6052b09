import { CostDashboard, CostLine } from '@internal/plugin-platform-cost-common';
import { toCsv } from '@internal/pier-react';

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
  return toCsv(rows);
}
