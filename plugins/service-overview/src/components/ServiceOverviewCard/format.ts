import { formatPercent } from '@internal/pier-react';

/** A latency in seconds as a page says it: `236 ms`, `1.20 s`. */
export const formatMs = (seconds: number) =>
  seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;
/** An error rate (0.02) to one decimal: `2.0 %`. */
export const formatRate = (ratio: number) => formatPercent(ratio, 1);
export const formatVersion = (v: string) => `v${v.replace(/^v/, '')}`;
