/** Datadog metric queries of the APM card; `service` and `operation` are validated tags. */

const BY_ENV = 'env,kube_cluster_name';

/** One request per discovery: the service's hits per env for every candidate operation. */
export function discoveryQueries(
  service: string,
  operations: string[],
): string[] {
  return operations.map(
    op => `sum:trace.${op}.hits{service:${service}} by {env}.as_count()`,
  );
}

/** The expressions of the stats request, in query_index order. */
export function statsQueries(service: string, op: string) {
  const scope = `{service:${service}}`;
  return {
    hits: `sum:trace.${op}.hits${scope} by {${BY_ENV}}.as_count()`,
    errors: `sum:trace.${op}.errors${scope} by {${BY_ENV}}.as_count()`,
    p50: `p50:trace.${op}${scope} by {${BY_ENV}}`,
    p95: `p95:trace.${op}${scope} by {${BY_ENV}}`,
    p99: `p99:trace.${op}${scope} by {${BY_ENV}}`,
    apdex: `avg:trace.${op}.apdex${scope} by {${BY_ENV}}`,
    versionHits: `sum:trace.${op}.hits${scope} by {${BY_ENV},version}.as_count()`,
    versionErrors: `sum:trace.${op}.errors${scope} by {${BY_ENV},version}.as_count()`,
    versionP95: `p95:trace.${op}${scope} by {${BY_ENV},version}`,
  };
}

export type StatsQueryName = keyof ReturnType<typeof statsQueries>;

/** Datadog tag values we put into queries: no braces, commas or spaces. */
export const SERVICE_TAG = /^[a-z][a-z0-9_\-./]{0,199}$/;
