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
     * The snapshot task's schedule. It is global: one replica runs it per period (a claim in the
     * shared database); past the timeout the run is aborted and rolled back, and another replica
     * may claim the next one.
     */
    schedule?: {
      /**
       * Minutes between snapshots (fractions allowed, for tests).
       * @default 60
       */
      frequencyMinutes?: number;
      /**
       * A run is aborted after this many minutes.
       * @default 20
       */
      timeoutMinutes?: number;
      /**
       * Delay before the first run after start-up, in seconds.
       * @default 15
       */
      initialDelaySeconds?: number;
    };
    /**
     * Timeout of one upstream request, in milliseconds.
     * @default 15000
     */
    requestTimeoutMs?: number;
    /**
     * Node labels that name a node's nodepool, first present wins. Karpenter v0.32 and later label
     * nodes `karpenter.sh/nodepool`; v1alpha5 Provisioners (before v0.32) label them
     * `karpenter.sh/provisioner-name`. A node that carries none (an EKS managed node group, a
     * Fargate node) is shown under "(no nodepool)", in the snapshots and in the billing backfill.
     * @default ["karpenter.sh/nodepool", "karpenter.sh/provisioner-name"]
     */
    nodepoolLabels?: string[];
    /**
     * Region a node is priced in when it carries neither `topology.kubernetes.io/region` nor a
     * zone label. Prices come from the committed table of the node's region
     * (prices/ec2-on-demand-<region>.json).
     * @default eu-west-1
     */
    defaultRegion?: string;
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
       * Cost allocation tags that hold the Karpenter nodepool, first present wins (Karpenter tags
       * instances with the same keys it labels nodes with). Each must be activated in Billing.
       * @default the nodepoolLabels
       */
      nodepoolTags?: string[];
      /**
       * The AWS account whose Cost Explorer is read (the payer account with the cost allocation
       * tags), configured under `aws.accounts`.
       * @default the AWS integration's main account
       */
      accountId?: string;
    };
    /**
     * A successful answer that is suspicious is not stored until the next run confirms it: none
     * after any, or at least `fraction` fewer than the last stored answer of at least `minPrevious`
     * items. Applies to each cluster's nodes and running pods (a snapshot hour is then not taken,
     * so no node counts as removed by consolidation), Cost Explorer's billed lines for spot rates
     * and OpenCost's workload allocations per day. The page says what waits and since when.
     */
    suspiciousDrop?: {
      /** Share lost that makes an answer suspicious, above 0 and at most 1 (default 0.5). */
      fraction?: number;
      /** Below this last stored count only an answer of zero is suspicious (default 4). */
      minPrevious?: number;
    };
    /** OpenCost per cluster: daily allocation shares for the first run's backfill. */
    opencost?: {
      /** Base URL of each cluster's OpenCost API, by cluster name. */
      baseUrls?: { [cluster: string]: string };
    };
  };
}
