import { ApmStat } from '@internal/plugin-datadog-apm-common';
import { formatPercent } from '@internal/pier-react';

export const STAT_LABELS: Record<ApmStat, string> = {
  requests: 'Requests/s',
  errorRate: 'Error rate',
  p50: 'Latency p50',
  p95: 'Latency p95',
  p99: 'Latency p99',
  apdex: 'Apdex',
};

/** A value as the card shows it: req/s, percent, milliseconds or an Apdex score. */
export function formatStat(stat: ApmStat, value: number | undefined): string {
  if (value === undefined) return '–';
  switch (stat) {
    case 'requests':
      return `${value >= 100 ? value.toFixed(0) : value.toFixed(2)} req/s`;
    case 'errorRate':
      return formatPercent(value, 2);
    case 'apdex':
      return value.toFixed(2);
    default:
      return value >= 1
        ? `${value.toFixed(2)} s`
        : `${(value * 1000).toFixed(0)} ms`;
  }
}

/**
 * Change against the previous period, e.g. `+12 % vs previous period` (short: `+12 %`, the card
 * says once what it compares with); undefined without both values.
 */
export function formatChange(
  current: number | undefined,
  previous: number | undefined,
  short = false,
): string | undefined {
  if (current === undefined || previous === undefined || previous === 0) {
    return undefined;
  }
  const change = ((current - previous) / previous) * 100;
  if (Math.abs(change) < 0.5) return short ? '±0 %' : 'same as previous period';
  const value = `${change > 0 ? '+' : ''}${change.toFixed(0)} %`;
  return short ? value : `${value} vs previous period`;
}

/** Whether a higher value is worse (for colouring the change). */
export const HIGHER_IS_WORSE: Record<ApmStat, boolean> = {
  requests: false,
  errorRate: true,
  p50: true,
  p95: true,
  p99: true,
  apdex: false,
};
