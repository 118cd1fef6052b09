/** @public */
export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

/** Most severe first. @public */
export const SEVERITIES: Severity[] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
];

/** @public */
export type SeverityCounts = Record<Severity, number>;

/** Where a vulnerable image runs right now, and since when. @public */
export interface RunningIn {
  cluster: string;
  namespace: string;
  pods: number;
  /** Earliest start of a container running this digest (ISO). */
  since: string;
}

/** One open finding on one service. @public */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  cve?: string;
  packageName?: string;
  installedVersion?: string;
  fixedInVersion?: string;
  /** Package manager and path inside the image, from Inspector. */
  packageManager?: string;
  filePath?: string;
  remediation?: string;
  remediationUrl?: string;
  workflowStatus: string;
  firstObservedAt: string;
  updatedAt: string;
  repository?: string;
  imageDigest?: string;
  imageTags: string[];
  accountId: string;
  region: string;
  running: RunningIn[];
}

/** The last ingestion runs: what the data is, and why it may be stale. @public */
export interface IngestionStatus {
  /** End of the last run that replaced the data (ISO), if any. */
  lastSuccessAt?: string;
  lastRun?: {
    startedAt: string;
    finishedAt?: string;
    ok: boolean;
    error?: string;
    /**
     * Set when the run replaced the findings but with less detail than usual, and why (e.g.
     * "Inspector detail unavailable: …": fixed-in versions and package paths are SecurityHub's).
     */
    partial?: string;
    findings?: number;
  };
  /** Clusters whose running images could not be read in the last run (previous data kept). */
  staleClusters: string[];
}

/** Why findings could not be matched to the entity, with what to do about it. @public */
export interface MappingProblem {
  annotation: string;
  value: string;
  message: string;
}

/** @public */
export interface EntityFindingsResponse {
  entityRef: string;
  status: IngestionStatus;
  /** Open findings (NEW or NOTIFIED) by where they run; suppressed ones (accepted risks) apart. */
  counts: {
    running: SeverityCounts;
    registryOnly: SeverityCounts;
    suppressed: SeverityCounts;
  };
  /** Open and suppressed findings (see `workflowStatus`). */
  findings: Finding[];
  problems: MappingProblem[];
}

/** @public */
export interface ServiceSummary {
  entityRef: string;
  owner: string;
  open: SeverityCounts;
  /** Suppressed findings (accepted risks), not counted as open. */
  suppressed: number;
  runningCriticalHigh: number;
  slaBreaches: number;
}

/** @public */
export interface TeamSummary {
  owner: string;
  services: number;
  open: SeverityCounts;
  runningCriticalHigh: number;
  slaBreaches: number;
}

/** A critical or high finding on an image that runs in a cluster now. @public */
export interface DeployedVulnerable {
  entityRef: string;
  owner: string;
  findingId: string;
  severity: Severity;
  title: string;
  cve?: string;
  packageName?: string;
  installedVersion?: string;
  fixedInVersion?: string;
  firstObservedAt: string;
  imageTags: string[];
  cluster: string;
  since: string;
}

/** @public */
export interface TrendPoint {
  day: string;
  counts: SeverityCounts;
  /** Rebuilt from the findings' FirstObservedAt/UpdatedAt, not recorded on that day. */
  reconstructed: boolean;
}

/** @public */
export interface AgeBucket {
  label: string;
  minDays: number;
  maxDays?: number;
  counts: SeverityCounts;
}

/** @public */
export interface TopCve {
  cve: string;
  severity: Severity;
  services: number;
  findings: number;
  runningServices: number;
  fixedInVersion?: string;
}

/** @public */
export interface ClusterSummary {
  cluster: string;
  services: number;
  running: SeverityCounts;
}

/** @public */
export interface SlaBreach {
  severity: Severity;
  count: number;
  slaDays: number;
}

/** @public */
export interface DashboardResponse {
  generatedAt: string;
  status: IngestionStatus;
  /** Open findings (NEW or NOTIFIED); suppressed ones (accepted risks) are counted apart. */
  totals: {
    open: SeverityCounts;
    running: SeverityCounts;
    suppressed: SeverityCounts;
    findings: number;
  };
  teams: TeamSummary[];
  services: ServiceSummary[];
  deployedVulnerable: DeployedVulnerable[];
  ageing: AgeBucket[];
  slaBreaches: SlaBreach[];
  trend: TrendPoint[];
  topCves: TopCve[];
  clusters: ClusterSummary[];
}

/** @public */
export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
}
