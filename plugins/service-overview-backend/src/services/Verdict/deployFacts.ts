import { DeploymentRow } from '@internal/plugin-deployments-common';
import {
  OverviewDeploy,
  OverviewReason,
} from '@internal/plugin-service-overview-common';

const TAB = 'deployments';

/**
 * The deployments row of one cluster as the overview shows it, and the reasons it gives. When an
 * explanation already says why the service does not run (`explained`), Argo CD's own words for it
 * (health Degraded, a failed operation, progressing too long) are left out: the explanation is
 * the better reason.
 */
export function deployFacts(
  row: DeploymentRow | undefined,
  explained = false,
): {
  deploy?: OverviewDeploy;
  reasons: OverviewReason[];
  deployed: boolean;
} {
  if (!row?.app) return { reasons: [], deployed: false };
  const deploy: OverviewDeploy = {
    app: row.app.name,
    url: row.app.url,
    version: row.version,
    syncStatus: row.syncStatus,
    health: row.health,
    ...(row.replicas ? { replicas: row.replicas } : {}),
    ...(row.lastSyncedAt ? { lastSyncedAt: row.lastSyncedAt } : {}),
    ...(row.revision ? { revision: row.revision.shortSha } : {}),
  };
  const reasons: OverviewReason[] = [];
  const version = row.version ? `v${row.version.replace(/^v/, '')}` : 'it';
  if (!explained && (row.health === 'Degraded' || row.health === 'Missing')) {
    reasons.push({
      part: 'deployments',
      severity: 'critical',
      text: `${version} is ${row.health.toLowerCase()}${
        row.healthMessage ? `: ${row.healthMessage}` : ''
      }`,
      tab: TAB,
      url: row.app.url,
    });
  }
  for (const r of row.needsReview) {
    if (r.kind === 'Degraded') continue; // said above, with the health message
    const broken =
      r.kind === 'OperationFailed' || r.kind === 'ProgressingTooLong';
    if (broken && explained) continue;
    const severity = broken ? 'critical' : 'warning';
    reasons.push({
      part: 'deployments',
      severity,
      text: r.message,
      tab: TAB,
    });
  }
  if (row.replicas && row.replicas.ready < row.replicas.desired) {
    reasons.push({
      part: 'deployments',
      severity: row.replicas.ready === 0 ? 'critical' : 'warning',
      text: `${row.replicas.ready} of ${row.replicas.desired} replicas ready`,
      tab: 'kubernetes',
    });
  }
  return { deploy, reasons, deployed: true };
}
