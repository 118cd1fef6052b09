import type { DeploymentRow, ReviewReasonKind } from './types';

/** What breaks users first comes first: a failing app before one that is merely behind Git. @public */
export const REVIEW_URGENCY: Record<ReviewReasonKind, number> = {
  Degraded: 0,
  OperationFailed: 1,
  ProgressingTooLong: 2,
  OutOfSync: 3,
  VersionDrift: 4,
};

/**
 * How urgent a row needing review is, lower first: its most urgent reason, prod before nonprod at
 * the same urgency. The reviewer's home and the `what-needs-review` action order by it.
 *
 * @public
 */
export function reviewUrgency(row: DeploymentRow): number {
  const kinds = row.needsReview.map(n => REVIEW_URGENCY[n.kind]);
  return Math.min(...kinds) * 2 + (row.cluster === 'prod' ? 0 : 1);
}
