import { ageOf, TimeLike } from '../../format/time';
import { useNow } from '../../hooks/useNow';

/** @public */
export interface FreshnessProps {
  /** When the data shown was read. */
  at?: TimeLike;
  /** The words before the age: `updated` → "updated 12 s ago". */
  label?: string;
  /** What follows `label` when there is no time yet: "updated now", "last refreshed never". */
  never?: string;
  /** The current time, when the page keeps one; else the text updates itself every second. */
  now?: number;
}

/**
 * "updated 12 s ago", live. Plain text (no element of its own), so it reads as part of the
 * sentence around it.
 *
 * @public
 */
export function Freshness(props: FreshnessProps) {
  const { at, label = 'updated', never = 'now' } = props;
  const ticking = useNow(props.now === undefined ? 1000 : 0);
  const age = ageOf(at, props.now ?? ticking);
  return <>{age ? `${label} ${age} ago` : `${label} ${never}`}</>;
}
