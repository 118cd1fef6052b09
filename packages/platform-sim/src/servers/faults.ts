/**
 * Fault injection for the simulated upstreams. A fault applies to an upstream
 * id (`datadog`, `kubernetes.prod`, `aws.securityhub`, …) or to a family
 * (`kubernetes`, `argocd`, `aws`) or to everything (`*`); the most specific
 * registration wins. Rates are applied deterministically (every n-th request),
 * not randomly, so tests are repeatable.
 */
export interface FaultSpec {
  /** Delay added before every answer, in ms. */
  latencyMs?: number;
  /** Share (0..1) of requests answered with `errorStatus`. */
  errorRate?: number;
  /** Status of injected errors; 503 unless set. */
  errorStatus?: number;
  /** When set, requests are throttled with 429 and this `Retry-After` (seconds). */
  status429RetryAfter?: number;
  /** Share (0..1) of requests throttled when `status429RetryAfter` is set; 1 unless set. */
  rate429?: number;
  /** Never answer (the client times out). */
  hang?: boolean;
  /** Answer 200 with a truncated, invalid body. */
  malformed?: boolean;
  /** Destroy the connection without answering. */
  reset?: boolean;
  /**
   * Answer 200 with an empty, shape-less JSON body (`{}`) instead of the real one: no
   * `items`/`Findings`/`ResultsByTime`/`data`, no kind, no token.
   */
  empty?: boolean;
  /**
   * Share (0..1) of each list in a successful JSON answer that is dropped: 0.9 keeps 10 % of the
   * items/Findings/findings/ResultsByTime/series…, 1 answers every list empty. Pagination tokens stay
   * as they were, so a client that pages on reads the same share of every page.
   */
  dropFraction?: number;
  /** Only requests whose path starts with this are affected. */
  pathPrefix?: string;
  /** Only the next N matching requests are affected; then the fault is removed. */
  count?: number;
}

export const UPSTREAM_IDS = [
  'kubernetes.prod',
  'kubernetes.nonprod',
  'argocd.prod',
  'argocd.nonprod',
  'datadog',
  'aws.securityhub',
  'aws.inspector2',
  'aws.costexplorer',
  'opencost',
  'idp',
] as const;

export type UpstreamId = (typeof UPSTREAM_IDS)[number];

/** What to do with one request. */
export type FaultDecision =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'reset' | 'hang' | 'malformed' | 'empty'; latencyMs: number }
  | { kind: 'drop'; fraction: number; latencyMs: number }
  | { kind: 'error'; status: number; latencyMs: number }
  | { kind: 'throttle'; retryAfter: number; latencyMs: number };

const NUMBER_KEYS = [
  'latencyMs',
  'errorRate',
  'errorStatus',
  'status429RetryAfter',
  'rate429',
  'dropFraction',
  'count',
] as const;
const BOOLEAN_KEYS = ['hang', 'malformed', 'reset', 'empty'] as const;
/** Options that are shares, between 0 and 1. */
const SHARE_KEYS = ['errorRate', 'rate429', 'dropFraction'];

/** Validates an untrusted fault spec (from the admin API or flags). */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('fault spec must be an object');
  }
  const raw = input as Record<string, unknown>;
  const spec: FaultSpec = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'upstream') continue;
    if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
        throw new Error(`fault ${key} must be a non-negative number`);
      }
      if (SHARE_KEYS.includes(key) && n > 1) {
        throw new Error(`fault ${key} must be between 0 and 1`);
      }
      (spec as any)[key] = n;
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      (spec as any)[key] = value === true || value === 'true' || value === '';
    } else if (key === 'pathPrefix') {
      if (typeof value !== 'string')
        throw new Error('pathPrefix must be a string');
      spec.pathPrefix = value;
    } else {
      throw new Error(`unknown fault option ${key}`);
    }
  }
  return spec;
}

/** Validates an upstream selector: an id, a family or `*`. */
export function isUpstreamSelector(value: string): boolean {
  return (
    value === '*' ||
    (UPSTREAM_IDS as readonly string[]).includes(value) ||
    UPSTREAM_IDS.some(id => id.startsWith(`${value}.`))
  );
}

export class FaultRegistry {
  private readonly faults = new Map<string, FaultSpec>();
  private readonly counters = new Map<string, number>();

  set(upstream: string, spec: FaultSpec) {
    if (!isUpstreamSelector(upstream)) {
      throw new Error(
        `unknown upstream ${upstream}; use one of ${UPSTREAM_IDS.join(
          ', ',
        )}, a family (kubernetes, argocd, aws) or *`,
      );
    }
    this.faults.set(upstream, { ...spec });
    this.counters.delete(upstream);
  }

  clear(upstream?: string) {
    if (upstream) {
      this.faults.delete(upstream);
      this.counters.delete(upstream);
    } else {
      this.faults.clear();
      this.counters.clear();
    }
  }

  list(): Record<string, FaultSpec> {
    return Object.fromEntries(this.faults);
  }

  private find(upstream: string): [string, FaultSpec] | undefined {
    const family = upstream.split('.')[0];
    for (const key of [upstream, family, '*']) {
      const spec = this.faults.get(key);
      if (spec) return [key, spec];
    }
    return undefined;
  }

  /** Decides the fault for one request to an upstream. */
  decide(upstream: string, path: string): FaultDecision {
    const found = this.find(upstream);
    if (!found) return { kind: 'none', latencyMs: 0 };
    const [key, spec] = found;
    if (spec.pathPrefix && !path.startsWith(spec.pathPrefix)) {
      return { kind: 'none', latencyMs: 0 };
    }
    const n = this.counters.get(key) ?? 0;
    this.counters.set(key, n + 1);
    if (spec.count !== undefined) {
      spec.count -= 1;
      if (spec.count <= 0) this.faults.delete(key);
    }
    const latencyMs = spec.latencyMs ?? 0;
    const every = (rate: number) =>
      Math.floor((n + 1) * rate) > Math.floor(n * rate);
    if (spec.reset) return { kind: 'reset', latencyMs };
    if (spec.hang) return { kind: 'hang', latencyMs };
    if (spec.status429RetryAfter !== undefined && every(spec.rate429 ?? 1)) {
      return {
        kind: 'throttle',
        retryAfter: spec.status429RetryAfter,
        latencyMs,
      };
    }
    if (spec.errorRate !== undefined && every(spec.errorRate)) {
      return { kind: 'error', status: spec.errorStatus ?? 503, latencyMs };
    }
    if (spec.malformed) return { kind: 'malformed', latencyMs };
    if (spec.empty) return { kind: 'empty', latencyMs };
    if (spec.dropFraction !== undefined && spec.dropFraction > 0) {
      return { kind: 'drop', fraction: spec.dropFraction, latencyMs };
    }
    return { kind: 'none', latencyMs };
  }
}

/**
 * Keeps `keep` (0..1) of a list, spread evenly and deterministically: item i stays when the running
 * share crosses a whole number (0.1 keeps items 9, 19, 29…; a list of n keeps ⌊n × keep⌋).
 */
export function keepShare<T>(list: readonly T[], keep: number): T[] {
  // A small epsilon so that 1 − 0.9 (0.0999…) still keeps every tenth item.
  const at = (i: number) => Math.floor(i * keep + 1e-9);
  return list.filter((_, i) => at(i + 1) > at(i));
}

/**
 * The generic `dropFraction` cut: every list at the top of a JSON answer (`items`, `Findings`,
 * `findings`, `ResultsByTime`, `series`…, or the answer itself when it is a list) keeps
 * 1 − `fraction` of its entries; everything else (pagination tokens, `kind`, metadata) stays. The
 * answer is copied, never changed in place. `keys` limits the cut to those lists.
 */
export function dropFromLists(
  body: unknown,
  fraction: number,
  keys?: readonly string[],
): unknown {
  const keep = 1 - fraction;
  if (Array.isArray(body)) return keepShare(body, keep);
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) {
    return body;
  }
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      Array.isArray(value) && (!keys || keys.includes(key))
        ? keepShare(value, keep)
        : value,
    ]),
  );
}
