export interface Config {
  /**
   * Datadog (its site, keys and timeout: packages/backend-datadog).
   */
  datadog?: {
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
       * How long the last good answer is kept to serve (marked stale) when Datadog fails, in hours.
       * @default 24
       */
      lastGoodHours?: number;
    };
  };
}
