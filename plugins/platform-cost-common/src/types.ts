/** Where a day's numbers come from. @public */
export type CostSource =
  /** Hourly snapshots of the cluster (nodes, pods, prices) taken by Pier. */
  | 'snapshot'
  /** Backfill: billed cost from Cost Explorer, split by OpenCost's allocation shares. */
  | 'billing';

/** One day of one cluster (or of all selected clusters summed). @public */
export interface CostDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  source: CostSource;
  /** Hours of the day covered by data (24 for a full day, fewer for gaps and today). */
  hoursCovered: number;
  /** Hours of the day a snapshot was attempted and not stored: the cluster could not be read, or its answer waits for confirmation. */
  hoursFailed: number;
  /** Compute cost of the covered hours, USD. */
  cost: number;
  /** Cost scaled to a full day (`cost × 24 / hoursCovered`), null when nothing is covered. */
  dailyRate: number | null;
  spotCost: number;
  onDemandCost: number;
  idleCost: number;
  /** Average number of nodes over the covered hours. */
  nodes: number;
  /** CPU requested / CPU allocatable over the covered hours (0–1), null if unknown. */
  binPacking: number | null;
}

/** Savings against a counterfactual price, over the selected range. @public */
export interface Savings {
  /** What was paid for the nodes in question. */
  actual: number;
  /** What the same node-hours would have cost at the counterfactual price. */
  counterfactual: number;
  /** counterfactual − actual. */
  saved: number;
}

/** A line of the cost breakdown (a team, a service, a nodepool or idle capacity). @public */
export interface CostLine {
  key: string;
  title: string;
  /** Team (catalog Group ref) of a service line. */
  team?: string;
  /** Catalog entity of a service line, when one has the workload's kubernetes-id. */
  entityRef?: string;
  cost: number;
  /** Share of the selected total (0–1). */
  share: number;
  spotShare: number;
  armShare: number;
  /** Cost at the same rate per day, scaled to a month (`cost / days × 30.4`). */
  monthly: number;
}

/** A node Karpenter removed while Pier was taking snapshots. @public */
export interface RemovedNodes {
  count: number;
  /** What the removed nodes would have cost had they kept running until the end of the range. */
  wouldHaveCost: number;
}

/**
 * A node whose on-demand price no price table had for its type and region: costed at an
 * estimate (the nearest size of the family, the same type in another region, or the table's
 * average) and named here so nobody takes the number for a list price. @public
 */
export interface PriceFlag {
  instanceType: string;
  /** The node's region, when known. */
  region?: string;
  costedAs: string;
  reason: string;
}

/** One committed on-demand price table (one region). @public */
export interface PriceTableProvenance {
  region: string;
  source: string;
  asOf: string;
}

/** Average node count on one day. @public */
export interface NodeCount {
  day: string;
  nodes: number;
}

/**
 * A successful upstream answer that was not stored because it was suspicious (no nodes, or far
 * fewer than the last stored answer): the stored data stays until the next run confirms it. @public
 */
export interface HeldAnswer {
  /** What answered: `Kubernetes prod`, `Cost Explorer (prod)`, `OpenCost (prod)`. */
  source: string;
  /** What was counted: `nodes`, `running pods`, `billed lines for the last 7 days`. */
  unit: string;
  /** The cluster the answer is about, when it is about one. */
  cluster?: string;
  /** Items in the held answer. */
  count: number;
  /** Items in the last stored answer, and when it was read (ISO). */
  acceptedCount: number;
  acceptedAt: string;
  /** When the suspicious answers began (ISO). */
  since: string;
  /** In words: "Kubernetes prod answered 2 nodes at … (had 18 at …): not stored, waiting for confirmation by the next run". */
  message: string;
}

/**
 * A source that a run reads besides the clusters (Cost Explorer's spot rates, the billing backfill)
 * whose last read failed: what fails, since when, and what the figures do meanwhile. @public
 */
export interface CostSourceProblem {
  /** `Cost Explorer (prod)`, `OpenCost (prod)`. */
  source: string;
  cluster: string;
  /** The last read's error. */
  problem: string;
  /** When the reads began failing (ISO). */
  since: string;
  /** The last good answer (ISO), if there ever was one. */
  lastGoodAt: string | null;
  /** In words: what the figures use meanwhile. */
  consequence: string;
}

/** `GET /dashboard`. @public */
export interface CostDashboard {
  clusters: string[];
  /** Selected cluster, or `all`. */
  cluster: string;
  days: number;
  generatedAt: string;
  /** Monthly run-rate per cluster (average daily rate of the last 7 covered days × 30.4). */
  runRate: Array<{
    cluster: string;
    monthly: number | null;
    asOf: string | null;
  }>;
  trend: CostDay[];
  total: number;
  idle: number;
  teams: CostLine[];
  services: CostLine[];
  nodepools: CostLine[];
  spot: Savings & { share: number };
  graviton: Savings & { share: number };
  consolidation: {
    removed: RemovedNodes;
    /** Average node count on the range's first and last covered day. */
    nodesFirst: number | null;
    nodesLast: number | null;
    binPacking: number | null;
    /**
     * Node count over every day kept (up to the retention), whatever the range: consolidation
     * that happened before a 30-day range still shows. Days missing a selected cluster are left out.
     */
    kept: {
      first: NodeCount | null;
      peak: NodeCount | null;
      last: NodeCount | null;
    };
  };
  priceFlags: PriceFlag[];
  /** Where the numbers come from, with dates: price table, spot rates, backfill. */
  provenance: {
    /** One table per region the nodes run in. */
    priceTables: PriceTableProvenance[];
    spotRates: string;
    backfill: string | null;
  };
  /** Set when the last snapshot of a cluster failed: data shown is older. */
  stale: Array<{ cluster: string; lastSuccess: string | null; error: string }>;
  /**
   * Answers of the selected clusters not stored, waiting for confirmation by the next run (the
   * figures shown stop at the last stored answer). Absent from dashboards stored before it existed.
   */
  held?: HeldAnswer[];
  /** Sources whose last read failed (absent from dashboards stored before it existed). */
  sourceProblems?: CostSourceProblem[];
}

/** A concrete change that would lower a service's cost or risk. @public */
export interface Recommendation {
  kind: 'rightsize-requests' | 'multi-arch-image' | 'pod-disruption-budget';
  cluster: string;
  title: string;
  detail: string;
  /** Estimated monthly saving, USD, when it can be computed. */
  monthlySaving?: number;
}

/** `GET /entity`. @public */
export interface EntityCost {
  entityRef: string;
  kubernetesId: string;
  namespace?: string;
  /** Last 30 days, all clusters. */
  monthly: number;
  /** Daily cost, last 30 days, all clusters (a partly covered day scaled to 24 hours). */
  trend: Array<{ day: string; cost: number }>;
  byCluster: Array<{ cluster: string; monthly: number }>;
  spotShare: number;
  armShare: number;
  /** USD per 1,000 requests in prod over the last 30 days; absent without Datadog data. */
  perThousandRequests?:
    | { status: 'ok'; value: number; requests: number }
    | { status: 'unavailable'; message: string };
  recommendations: Recommendation[];
  /** True when no snapshot or backfill row mentions the service. */
  empty: boolean;
  /** Answers not stored, waiting for confirmation by the next run: the cost shown stops before them. */
  held?: HeldAnswer[];
}
