import { useEffect, useState } from 'react';

/**
 * The current time, re-rendering every `ms` so relative times ("12 s ago") stay current; `0` stops
 * the clock (for a component whose page passes its own time).
 *
 * @public
 */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (ms <= 0) return undefined;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
