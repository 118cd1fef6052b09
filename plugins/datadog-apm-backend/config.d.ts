export interface Config {
  /**
   * Datadog, shared by the Pier plugins that read it (APM here, cost elsewhere).
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
    /** Tuning of the Datadog APM plugin (plugins/datadog-apm-backend). */
    apm?: {
      /**
       * Origin of Datadog's public sharing pages, where the Roadie annotations' graphs are embedded
       * from (`<publicBaseUrl>/graph/embed`). Default `https://p.<site>`, or the entity's
       * `datadoghq.com/site` annotation.
       */
      publicBaseUrl?: string;
      /**
       * How long one Datadog answer is served to every viewer, in seconds.
       * @default 60
       */
      cacheSeconds?: number;
      /**
       * Trace operations tried, in order, to find a service's APM metrics (`trace.<operation>.hits`).
       * @default ["http.request", "grpc.server", "web.request", "worker.process", "servlet.request", "express.request", "rack.request", "django.request", "flask.request", "aspnet_core.request"]
       */
      operations?: string[];
      /**
       * Timeout of one Datadog request, in milliseconds.
       * @default 10000
       */
      requestTimeoutMs?: number;
      /**
       * How long the last good answer is kept to serve (marked stale) when Datadog fails, in hours.
       * @default 24
       */
      lastGoodHours?: number;
    };
  };
}
