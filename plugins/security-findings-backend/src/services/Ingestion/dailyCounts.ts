import {
  SEVERITIES,
  Severity,
} from '@internal/plugin-security-findings-common';
import { DailyCount } from '../FindingsStore';

const DAY_MS = 86_400_000;

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface CountedFinding {
  id: string;
  owners: string[];
  severity: Severity;
  firstObservedAt: number;
  /** Epoch ms it was closed; undefined while open. */
  closedAt?: number;
}

function countOpen(
  findings: CountedFinding[],
  at: number,
  day: string,
  reconstructed: boolean,
): DailyCount[] {
  // A zero row marks the day as counted, so a day without open findings reads 0, not "no data".
  const counts = new Map<string, DailyCount>([
    [
      '\nINFORMATIONAL',
      {
        day,
        owner: '',
        severity: 'INFORMATIONAL',
        openCount: 0,
        reconstructed,
      },
    ],
  ]);
  for (const f of findings) {
    if (f.firstObservedAt > at) continue;
    if (f.closedAt !== undefined && f.closedAt <= at) continue;
    for (const owner of f.owners) {
      const key = `${owner}\n${f.severity}`;
      const c = counts.get(key);
      if (c) c.openCount++;
      else
        counts.set(key, {
          day,
          owner,
          severity: f.severity,
          openCount: 1,
          reconstructed,
        });
    }
  }
  return [...counts.values()].sort(
    (a, b) =>
      a.owner.localeCompare(b.owner) ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
}

/** Today's open findings per owner and severity, as recorded by this run. */
export function todaysCounts(
  open: CountedFinding[],
  now: number,
): DailyCount[] {
  return countOpen(open, now, dayOf(now), false);
}

/**
 * Rebuilds the previous `days` days from what AWS still knows: a finding was open on a day when
 * it had been first observed by the day's end and was not yet closed (closed findings' UpdatedAt is
 * taken as their closing time). Findings that closed before AWS's retention are missing, so the
 * points are labelled reconstructed.
 */
export function reconstructedCounts(
  findings: CountedFinding[],
  now: number,
  days: number,
): DailyCount[] {
  const today = Date.parse(`${dayOf(now)}T00:00:00Z`);
  const out: DailyCount[] = [];
  for (let d = days; d >= 1; d--) {
    const start = today - d * DAY_MS;
    out.push(...countOpen(findings, start + DAY_MS - 1, dayOf(start), true));
  }
  return out;
}

export type { CountedFinding };
