export interface Config {
  /** The service overview (plugins/service-overview-backend): one verdict per cluster per service. */
  serviceOverview?: {
    /**
     * How long one caller's overview of one service is served before its parts are read again,
     * in seconds (each part's plugin caches its own upstream answers besides).
     * @default 15
     */
    cacheSeconds?: number;
    /**
     * How long one part (deployments, security, Datadog, cost) may take before the overview shows
     * it as unavailable, in milliseconds.
     * @default 8000
     */
    partTimeoutMs?: number;
    /**
     * How long a service's explanations in one cluster (read from its Kubernetes objects and its
     * Argo CD application) are served to every viewer before the cluster is read again, in seconds.
     * @default 20
     */
    explanationsCacheSeconds?: number;
    /**
     * Range of Datadog APM data the running version is compared over: 1h, 24h or 7d.
     * @default 7d
     */
    apmRange?: string;
  };
}
