export interface Config {
  /**
   * Platform cost (plugins/platform-cost-backend): Karpenter node cost per cluster, allocated to
   * services and teams. Clusters are read through the Kubernetes backend's proxy, so they are the
   * clusters configured under `kubernetes`.
   */
  platformCost?: {
    /**
     * Cluster names to snapshot (names of the `kubernetes` config's clusters).
     * @default every cluster of the kubernetes config
     */
    clusters?: string[];
    /**
     * Days of history kept (daily rollups and hourly node inventory), and days backfilled on the
     * first run from Cost Explorer and OpenCost.
     * @default 90
     */
    retentionDays?: number;
    /**
     * Timeout of one upstream request, in milliseconds.
     * @default 15000
     */
    requestTimeoutMs?: number;
    /**
     * AWS Cost Explorer: billed EC2 compute for the backfill and the effective spot rate per
     * instance type. Credentials come from Backstage's AWS integration (`aws.accounts`,
     * `aws.mainAccount`): static keys locally, a role to assume in production.
     */
    costExplorer?: {
      /** @default us-east-1 (Cost Explorer's only endpoint region) */
      region?: string;
      /** Endpoint override (platform-sim locally); omit in production. */
      endpoint?: string;
      /**
       * Cost allocation tag that holds the cluster name.
       * @default eks:cluster-name
       */
      clusterTag?: string;
      /**
       * Cost allocation tag that holds the Karpenter nodepool.
       * @default karpenter.sh/nodepool
       */
      nodepoolTag?: string;
      /**
       * The AWS account whose Cost Explorer is read (the payer account with the cost allocation
       * tags), configured under `aws.accounts`.
       * @default the AWS integration's main account
       */
      accountId?: string;
    };
    /** OpenCost per cluster: daily allocation shares for the first run's backfill. */
    opencost?: {
      /** Base URL of each cluster's OpenCost API, by cluster name. */
      baseUrls?: { [cluster: string]: string };
    };
  };
}
