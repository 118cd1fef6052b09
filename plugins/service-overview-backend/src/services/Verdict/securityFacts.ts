import { EntityFindingsResponse } from '@internal/plugin-security-findings-common';
import {
  OverviewReason,
  OverviewSecurity,
} from '@internal/plugin-service-overview-common';

const OPEN = new Set(['NEW', 'NOTIFIED']);
const DAY_MS = 86_400_000;

/** Critical and high open findings on the images running in one cluster, and their reason. */
export function securityFacts(
  findings: EntityFindingsResponse,
  cluster: string,
  now: number,
): { security: OverviewSecurity; reasons: OverviewReason[] } {
  let critical = 0;
  let high = 0;
  let oldest: string | undefined;
  for (const f of findings.findings) {
    if (!OPEN.has(f.workflowStatus)) continue;
    if (f.severity !== 'CRITICAL' && f.severity !== 'HIGH') continue;
    const here = f.running.filter(r => r.cluster === cluster);
    if (!here.length) continue;
    if (f.severity === 'CRITICAL') critical++;
    else high++;
    for (const r of here) if (!oldest || r.since < oldest) oldest = r.since;
  }
  const security: OverviewSecurity = {
    critical,
    high,
    ...(oldest ? { oldestRunningSince: oldest } : {}),
  };
  const reasons: OverviewReason[] = [];
  if (critical + high > 0) {
    const days = oldest
      ? Math.max(0, Math.floor((now - Date.parse(oldest)) / DAY_MS))
      : undefined;
    const what = [
      critical ? `${critical} critical` : '',
      high ? `${high} high` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    reasons.push({
      part: 'security',
      severity: critical ? 'warning' : 'info',
      text: `${what} CVE${critical + high === 1 ? '' : 's'} running${
        days !== undefined ? ` for ${days} day${days === 1 ? '' : 's'}` : ''
      }`,
      tab: 'security',
    });
  }
  return { security, reasons };
}
