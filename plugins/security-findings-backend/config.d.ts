export interface Config {
  /**
   * Security findings (SecurityHub + Inspector). Credentials come from the AWS integration
   * (`aws.mainAccount`, `aws.accounts[]` with static keys, a profile or `roleName` to assume),
   * read by `@backstage/integration-aws-node`; this section only says what to read.
   */
  securityFindings?: {
    /**
     * Accounts and regions whose findings are ingested. With a SecurityHub aggregation region,
     * list the delegated administrator account and the aggregation region only.
     */
    accounts: Array<{
      /** AWS account id, matched against `aws.accounts[].accountId` for credentials. */
      accountId: string;
      /** Regions to read, e.g. `[eu-west-1]`. */
      regions: string[];
    }>;
    /**
     * Endpoint overrides, for platform-sim only. Leave unset in production: the SDK then uses
     * the regional AWS endpoints.
     */
    endpoints?: {
      securityHub?: string;
      inspector2?: string;
    };
    /**
     * Security Hub control findings (CIS, AWS FSBP, PCI DSS, NIST… configuration checks, with
     * `Compliance.Status` and no `Vulnerabilities`): true (default) ingests them into their own
     * view, by control, account, severity and pass/fail, never counted as vulnerabilities; false
     * leaves them out entirely (and skips reading the PASSED ones).
     */
    complianceControls?: boolean;
    /** Enrich findings with Inspector2 details (fixed-in version, package path, score). Default true. */
    inspector2?: boolean;
    /** Clusters (names in `kubernetes.clusterLocatorMethods`) whose running images are joined. Default `[prod, nonprod]`. */
    clusters?: string[];
    /** Ingestion schedule. */
    schedule?: {
      /** Minutes between runs (default 60). */
      frequencyMinutes?: number;
      /** A run is abandoned after this many minutes (default 30). */
      timeoutMinutes?: number;
      /** Delay before the first run after start-up, in seconds (default 10). */
      initialDelaySeconds?: number;
    };
    /** Throttling (429) retries per page before the run fails (default 8). */
    maxThrottleRetries?: number;
    /**
     * The longest `Retry-After` a throttled page waits for, in seconds (default 60); an upstream
     * asking for longer fails the run, which the next scheduled run retries.
     */
    maxRetryAfterSeconds?: number;
    /**
     * How long one SecurityHub, Inspector2 or Kubernetes (running pods) request may go without an
     * answer, in ms (default 30000); past it the request fails, naming the source, and the run
     * keeps the last good data.
     */
    requestTimeoutMs?: number;
    /** Pages (of 100 findings) one SecurityHub or Inspector2 query reads at most (default 5000). */
    maxPages?: number;
    /**
     * A successful answer that is suspicious is not stored until the next run confirms it: no
     * findings after any, or at least `fraction` fewer than the last stored answer of at least
     * `minPrevious` findings. The dashboard keeps the last good findings and says what waits.
     */
    suspiciousDrop?: {
      /** Share lost that makes an answer suspicious, above 0 and at most 1 (default 0.5). */
      fraction?: number;
      /** Below this last stored count only an answer of zero is suspicious (default 4). */
      minPrevious?: number;
    };
  };
}
