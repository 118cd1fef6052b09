// Only the v1 API: the package root also loads v2's thousands of models (~1.5 s, ~80 MB RSS).
import type * as v1 from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1';

/**
 * Which of the comma-separated queries of a `GET /api/v1/query` request each answered series
 * belongs to.
 *
 * Datadog says so with `query_index`, but older answers have no `query_index` (and often no
 * `tag_set` either): then the series is matched by what it carries — its `expression`
 * (`aggr:metric{scope and group tags}.functions`), or its `metric`, `scope` and `aggr` — against the
 * queries sent. A series that fits no query, or several equally, is left out rather than guessed.
 */

type Series = v1.MetricsQueryMetadata;

interface QueryShape {
  aggregator?: string;
  metric: string;
  /** `key:value` tags of the query's scope (`*` → none). */
  scope: string[];
  /** Tag keys of `by {…}`. */
  groupBy: string[];
  /** Trailing functions, e.g. `.as_count()`. */
  functions: string;
}

const QUERY =
  /^(?:([a-z0-9]+):)?([A-Za-z][\w.]*)\{([^}]*)\}(?:\s*by\s*\{([^}]*)\})?((?:\.[a-z_]+\([^)]*\))*)$/;

const splitTags = (text: string) =>
  text
    .split(',')
    .map(t => t.trim())
    .filter(t => t && t !== '*');

/** The parts of one metric query (`[aggr:]metric{scope}[ by {keys}][.fn()…]`); undefined if it is not one. */
export function parseMetricQuery(query: string): QueryShape | undefined {
  const m = QUERY.exec(query.trim());
  if (!m) return undefined;
  return {
    aggregator: m[1],
    metric: m[2],
    scope: splitTags(m[3]),
    groupBy: m[4] ? splitTags(m[4]) : [],
    functions: m[5] ?? '',
  };
}

/** Tags of a series as `key → value`: those of its `scope` (else its `expression`) and its `tag_set`. */
export function seriesTags(series: Series): Record<string, string> {
  const scope =
    series.scope ??
    (series.expression
      ? parseMetricQuery(series.expression)?.scope.join(',')
      : undefined) ??
    '';
  const out: Record<string, string> = {};
  for (const t of [...splitTags(scope), ...(series.tagSet ?? [])]) {
    const i = t.indexOf(':');
    if (i > 0) out[t.slice(0, i)] = t.slice(i + 1);
  }
  return out;
}

function fits(query: QueryShape, series: Series): boolean {
  const expression = series.expression
    ? parseMetricQuery(series.expression)
    : undefined;
  const metric = expression?.metric ?? series.metric;
  if (metric !== query.metric) return false;
  // The aggregator shows as the expression's prefix or in `aggr` (null when the query had none).
  const aggregator = expression?.aggregator ?? series.aggr ?? undefined;
  if (aggregator && (query.aggregator ?? 'avg') !== aggregator) return false;
  if (expression && expression.functions !== query.functions) return false;
  const tags = seriesTags(series);
  // Every scope tag of the query is on the series, and the series' other tags are exactly the
  // query's group keys (a query grouped by {env} does not answer one grouped by {env,version}).
  const scopeKeys = new Set<string>();
  for (const t of query.scope) {
    const i = t.indexOf(':');
    if (i <= 0 || t.startsWith('!')) continue;
    const key = t.slice(0, i);
    const value = t.slice(i + 1);
    if (!value.includes('*') && tags[key] !== value) return false;
    scopeKeys.add(key);
  }
  const extra = Object.keys(tags).filter(
    k => !scopeKeys.has(k) || query.groupBy.includes(k),
  );
  return (
    extra.length === query.groupBy.length && query.groupBy.every(k => k in tags)
  );
}

/**
 * The index of the query (in `queries`, the order they were sent in) each series answers, or -1.
 * `query_index` wins when present and in range.
 */
export function matchSeries(queries: string[], series: Series[]): number[] {
  const shapes = queries.map(parseMetricQuery);
  return series.map(s => {
    const index = s.queryIndex;
    if (
      typeof index === 'number' &&
      Number.isInteger(index) &&
      index >= 0 &&
      index < queries.length
    ) {
      return index;
    }
    const candidates = shapes.flatMap((q, i) => (q && fits(q, s) ? [i] : []));
    return candidates.length === 1 ? candidates[0] : -1;
  });
}
