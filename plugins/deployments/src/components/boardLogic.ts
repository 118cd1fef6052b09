import {
  BoardStatusFilter,
  DeploymentRow,
  rowMatchesStatus,
} from '@internal/plugin-deployments-common';
import { refName } from '@internal/pier-react';

export interface BoardFilters {
  owner?: string;
  cluster?: string;
  status?: BoardStatusFilter;
  search?: string;
}

export type SortKey =
  | 'review'
  | 'service'
  | 'cluster'
  | 'sync'
  | 'health'
  | 'lastSynced';

export const STATUS_LABELS: Record<BoardStatusFilter, string> = {
  needsReview: 'Needs review',
  OutOfSync: 'OutOfSync',
  Synced: 'Synced',
  Degraded: 'Degraded',
  Progressing: 'Progressing',
  Healthy: 'Healthy',
  OperationFailed: 'Failed sync',
  VersionDrift: 'Version drift',
};

export function filterRows(
  rows: DeploymentRow[],
  filters: BoardFilters,
): DeploymentRow[] {
  const terms = (filters.search ?? '')
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean);
  return rows.filter(row => {
    if (filters.cluster && row.cluster !== filters.cluster) return false;
    if (filters.owner && row.owner !== filters.owner) return false;
    if (filters.status && !rowMatchesStatus(row, filters.status)) return false;
    if (terms.length === 0) return true;
    const haystack = [
      row.service,
      row.title,
      refName(row.owner),
      row.cluster,
      row.app?.name,
      row.version,
      row.revision?.sha,
      row.revision?.message,
      row.revision?.author,
      row.syncStatus,
      row.health,
      ...row.needsReview.map(r => r.message),
    ]
      .filter(Boolean)
      .join(' ')
      .toLocaleLowerCase('en-US');
    return terms.every(t => haystack.includes(t));
  });
}

const SYNC_ORDER = ['OutOfSync', 'Unknown', 'Synced'];
const HEALTH_ORDER = [
  'Degraded',
  'Missing',
  'Unknown',
  'Progressing',
  'Suspended',
  'Healthy',
];

function compareBy(key: SortKey, a: DeploymentRow, b: DeploymentRow): number {
  switch (key) {
    case 'review':
      return b.needsReview.length - a.needsReview.length;
    case 'service':
      return a.service.localeCompare(b.service);
    case 'cluster':
      return a.cluster.localeCompare(b.cluster);
    case 'sync':
      return (
        SYNC_ORDER.indexOf(a.syncStatus) - SYNC_ORDER.indexOf(b.syncStatus)
      );
    case 'health':
      return HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health);
    case 'lastSynced':
      return (
        (Date.parse(b.lastSyncedAt ?? '') || 0) -
        (Date.parse(a.lastSyncedAt ?? '') || 0)
      );
    default:
      return 0;
  }
}

/** Sorts by one key, then by service and cluster so the order is stable. */
export function sortRows(
  rows: DeploymentRow[],
  key: SortKey,
  direction: 'asc' | 'desc',
): DeploymentRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort(
    (a, b) =>
      sign * compareBy(key, a, b) ||
      compareBy('service', a, b) ||
      compareBy('cluster', a, b),
  );
}
