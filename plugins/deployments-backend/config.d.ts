export interface Config {
  /**
   * The deployments board reads the Argo CD instances configured for the Argo CD plugin
   * (`argocd.appLocatorMethods[].instances`, one per cluster; the instance name is the cluster name).
   */
  argocd?: {
    /** @visibility secret */
    username?: string;
    /** @visibility secret */
    password?: string;
    appLocatorMethods?: Array<{
      type: string;
      instances: Array<{
        /** Instance name = cluster name (`prod`, `nonprod`). */
        name: string;
        /** Base URL of the Argo CD API server. */
        url: string;
        /** Base URL of the Argo CD UI, if it differs from `url`. */
        frontendUrl?: string;
        /** Argo CD API token (an account token). Preferred over username/password. */
        /** @visibility secret */
        token?: string;
        /** @visibility secret */
        username?: string;
        /** @visibility secret */
        password?: string;
      }>;
    }>;
  };

  /** The deployments board (plugins/deployments-backend). */
  deployments?: {
    /**
     * How often Argo CD is read, in seconds: every viewer within one period shares one upstream pass.
     * @default 30
     */
    refreshSeconds?: number;
    /**
     * Once a board exists, how long a viewer waits for the next one to be built, in seconds,
     * before getting the previous board (marked with when it was built) while the build goes on:
     * slow upstreams stall no page.
     * @default 2
     */
    rebuildWaitSeconds?: number;
    /**
     * A Progressing application needs review after this many minutes.
     * @default 10
     */
    progressingTimeoutMinutes?: number;
    /**
     * Timeout of one Argo CD request, in milliseconds.
     * @default 10000
     */
    requestTimeoutMs?: number;
    /**
     * Optional Argo CD label selector that limits the applications the board lists
     * (`GET /api/v1/applications?selector=`), e.g. `pier.io/team`.
     */
    appSelector?: string;
    /**
     * How many revision-metadata requests run at once per Argo CD instance.
     * @default 8
     */
    metadataConcurrency?: number;
  };
}
