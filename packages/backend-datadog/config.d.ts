export interface Config {
  /**
   * Datadog, shared by every Pier plugin that reads it (APM, cost) through one client
   * (packages/backend-datadog).
   */
  datadog?: {
    /**
     * Datadog site: `datadoghq.com`, `datadoghq.eu`, `us3.datadoghq.com`, `us5.datadoghq.com`,
     * `ap1.datadoghq.com` or `ddog-gov.com` (the short forms `us3`, `us5`, `ap1`, `eu`, `ddog-gov`
     * are accepted too).
     * @default datadoghq.com
     */
    site?: string;
    /**
     * Base URL of the Datadog API, overriding `site` (locally: platform-sim, http://127.0.0.1:7305).
     */
    baseUrl?: string;
    /**
     * Datadog API key (`DD-API-KEY`).
     * @visibility secret
     */
    apiKey?: string;
    /**
     * Datadog application key (`DD-APPLICATION-KEY`), read-only scopes are enough.
     * @visibility secret
     */
    appKey?: string;
    /**
     * Timeout of one Datadog request, in milliseconds.
     * @default 10000
     */
    requestTimeoutMs?: number;
  };
}
