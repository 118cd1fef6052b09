import type * as Common from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common';
import type * as V1 from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1';

let vendor: { client: typeof Common; v1: typeof V1 } | undefined;

/**
 * Datadog's client (only its v1 API and common client: the package root also loads v2's thousands
 * of models, ~1.5 s and ~80 MB RSS), loaded on the first request rather than at start-up: its 821
 * files take ~0.3 s of the backend's start-up otherwise (docs/benchmarks.md, Findings).
 */
export function datadogVendor() {
  vendor ??= {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    client: require('@datadog/datadog-api-client/dist/packages/datadog-api-client-common'),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    v1: require('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1'),
  };
  return vendor;
}
