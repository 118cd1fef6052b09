import { Severity } from './types';

/**
 * Days a finding may stay open before it breaches its remediation SLA, per severity.
 *
 * @public
 */
export const SLA_DAYS: Record<Severity, number | undefined> = {
  CRITICAL: 15,
  HIGH: 30,
  MEDIUM: 90,
  LOW: 180,
  INFORMATIONAL: undefined,
};

const DAY_MS = 86_400_000;

/** Whole days between `since` and `now`. @public */
export function ageInDays(since: string | number, now: number): number {
  const t = typeof since === 'number' ? since : Date.parse(since);
  return Math.max(0, Math.floor((now - t) / DAY_MS));
}

/**
 * SecurityHub `Workflow.Status`: NEW and NOTIFIED are open, RESOLVED is closed, SUPPRESSED is an
 * accepted risk (shown, but not counted as open, not an SLA breach, not deployed-and-vulnerable).
 *
 * @public
 */
export function isSuppressed(workflowStatus: string): boolean {
  return workflowStatus === 'SUPPRESSED';
}

/**
 * Days past the SLA (positive when breached), or undefined when the severity has no SLA or the
 * finding is suppressed.
 *
 * @public
 */
export function slaOverdueDays(
  severity: Severity,
  firstObservedAt: string,
  workflowStatus: string,
  now: number,
): number | undefined {
  const days = SLA_DAYS[severity];
  if (days === undefined || isSuppressed(workflowStatus)) return undefined;
  return ageInDays(firstObservedAt, now) - days;
}
