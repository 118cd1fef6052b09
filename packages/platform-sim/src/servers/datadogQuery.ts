/**
 * A small parser for the Datadog metric query language, enough for APM
 * trace metrics: `[aggr:]metric{scope}[ by {tags}][.fn(...)]*`, several
 * queries separated by top-level commas.
 */
export interface ParsedQuery {
  expression: string;
  aggregator: string;
  /** Whether the query names its space aggregator (`sum:…`); Datadog answers `aggr: null` when not. */
  explicitAggregator: boolean;
  /** The functions after the scope and grouping, e.g. `.as_count()`. */
  functions: string;
  metric: string;
  scope: Array<{ key: string; value: string; negate: boolean }>;
  scopeText: string;
  groupBy: string[];
  asCount: boolean;
  asRate: boolean;
  rollupSeconds?: number;
  rollupMethod?: string;
}

const AGGREGATORS = /^(avg|sum|min|max|count|p50|p75|p90|p95|p99|p999)$/;

export function splitQueries(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
    if (ch === '{' || ch === '(') depth++;
    if (ch === '}' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

export function parseQuery(expression: string): ParsedQuery {
  const m =
    /^(?:([a-z0-9]+):)?([a-zA-Z][\w.]*)\{([^}]*)\}(?:\s+by\s+\{([^}]*)\})?((?:\.[a-z_]+\([^)]*\))*)$/.exec(
      expression.trim(),
    );
  if (!m) {
    throw new Error(`Error parsing query: unable to parse ${expression}`);
  }
  const aggregator = m[1] ?? 'avg';
  if (!AGGREGATORS.test(aggregator)) {
    throw new Error(`Error parsing query: unknown aggregator ${aggregator}`);
  }
  const scopeText = m[3].trim();
  const scope =
    scopeText === '*' || scopeText === ''
      ? []
      : scopeText.split(',').map(part => {
          const t = part.trim();
          const negate = t.startsWith('!');
          const body = negate ? t.slice(1) : t;
          const idx = body.indexOf(':');
          return idx < 0
            ? { key: body, value: '*', negate }
            : { key: body.slice(0, idx), value: body.slice(idx + 1), negate };
        });
  const groupBy = m[4]
    ? m[4]
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    : [];
  const fns = m[5] ?? '';
  const parsed: ParsedQuery = {
    expression: expression.trim(),
    aggregator,
    explicitAggregator: m[1] !== undefined,
    functions: fns,
    metric: m[2],
    scope,
    scopeText: scopeText || '*',
    groupBy,
    asCount: fns.includes('.as_count()'),
    asRate: fns.includes('.as_rate()'),
  };
  const rollup =
    /\.rollup\(\s*(?:(avg|sum|min|max|count)\s*)?,?\s*(\d+)?\s*\)/.exec(fns);
  if (rollup) {
    parsed.rollupMethod = rollup[1];
    if (rollup[2]) parsed.rollupSeconds = Number(rollup[2]);
  }
  return parsed;
}

export function tagMatches(
  pattern: string,
  value: string | undefined,
): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return pattern === value;
}
