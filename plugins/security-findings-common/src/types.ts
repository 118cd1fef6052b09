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

/**
 * One vulnerable package of a finding. Versions are written the way the package manager writes
 * them (`epoch:version-release`, the epoch left out when it is 0), so installed and fixed compare.
 * @public
 */
export interface VulnerablePackage {
  name: string;
  installedVersion: string;
  /** Absent when no fixed version exists yet. */
  fixedInVersion?: string;
  /** Inspector's package manager (OS, NODEPKG, GOBINARY, PYTHONPKG, …) and path inside the image. */
  packageManager?: string;
  filePath?: string;
}

/** One open finding on one service. @public */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  cve?: string;
  /** Every vulnerable package the finding lists (one CVE can affect several). */
  packages: VulnerablePackage[];
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

/**
 * A successful upstream answer that was not stored because it was suspicious (no findings, or far
 * fewer than the last stored answer): the stored findings stay until the next run confirms it.
 * @public
 */
export interface HeldAnswer {
  /** What answered: `SecurityHub (123456789012/eu-west-1)`. */
  source: string;
  /** What was counted: `findings`, `control findings`. */
  unit: string;
  /** Items in the held answer. */
  count: number;
  /** Items in the last stored answer, and when it was read (ISO). */
  acceptedCount: number;
  acceptedAt: string;
  /** When the suspicious answers began (ISO). */
  since: string;
  /** In words for the page: "… answered 0 findings at … (had 400 at …): not stored, waiting for confirmation by the next run". */
  message: string;
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
    /** Set when the run stored nothing because an answer waits for confirmation: which. */
    held?: string;
    findings?: number;
  };
  /** Clusters whose running images could not be read in the last run (previous data kept). */
  staleClusters: string[];
  /** Answers not stored, waiting for confirmation by the next run (the findings shown are older). */
  held?: HeldAnswer[];
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
  packages: VulnerablePackage[];
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
  /** Fixed versions per package name, e.g. `libssl3 3.0.14-1~deb12u1`. */
  fixedIn: string[];
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

/** Security Hub `Compliance.Status` of a control finding. @public */
export type ComplianceStatus =
  | 'PASSED'
  | 'FAILED'
  | 'WARNING'
  | 'NOT_AVAILABLE';

/** @public */
export const COMPLIANCE_STATUSES: ComplianceStatus[] = [
  'FAILED',
  'WARNING',
  'NOT_AVAILABLE',
  'PASSED',
];

/** @public */
export type ComplianceCounts = Record<ComplianceStatus, number>;

/** A resource a control does not pass. @public */
export interface ComplianceResource {
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  status: ComplianceStatus;
  /** Standards whose finding says so, e.g. `CIS AWS Foundations v1.2.0`. */
  standards: string[];
  workflowStatus: string;
}

/**
 * One Security Hub control across standards (SecurityControlId, e.g. `S3.5`): configuration checks,
 * not vulnerabilities — never counted as open vulnerabilities, SLA breaches or per-service numbers.
 * @public
 */
export interface ComplianceControl {
  controlId: string;
  title: string;
  /** The control's own severity (a PASSED finding's label is INFORMATIONAL). */
  severity: Severity;
  standards: string[];
  /** Findings per status (one per resource and standard). */
  counts: ComplianceCounts;
  /** Distinct resources that do not pass (FAILED or WARNING). */
  failingResources: number;
  remediationUrl?: string;
  /** Up to 25 failing resources, FAILED first. */
  failing: ComplianceResource[];
}

/** @public */
export interface ComplianceAccount {
  accountId: string;
  region: string;
  counts: ComplianceCounts;
  controls: number;
  failedControls: number;
}

/** @public */
export interface ComplianceResponse {
  status: IngestionStatus;
  /** False when `securityFindings.complianceControls` is off: nothing is ingested. */
  enabled: boolean;
  totals: {
    findings: number;
    counts: ComplianceCounts;
    controls: number;
    /** Controls with at least one FAILED resource, by the control's severity. */
    failedControls: SeverityCounts;
  };
  controls: ComplianceControl[];
  accounts: ComplianceAccount[];
}

/** @public */
export function emptyComplianceCounts(): ComplianceCounts {
  return { FAILED: 0, WARNING: 0, NOT_AVAILABLE: 0, PASSED: 0 };
}

/**
 * A package version the way dpkg and RPM write it: `epoch:version-release`, without the epoch when
 * it is 0 (or absent) and without the release when there is none. Inspector's fixed-in versions
 * come composed already, with a `0:` epoch that is dropped the same way.
 * @public
 */
export function composeVersion(parts: {
  epoch?: number | string;
  version?: string;
  release?: string;
}): string {
  const epoch = Number(parts.epoch ?? 0);
  const version = parts.version ?? '';
  const full = parts.release ? `${version}-${parts.release}` : version;
  return epoch > 0 ? `${epoch}:${full}` : full;
}

/** Inspector's `fixedInVersion` (`0:3.0.14-1`, `1:3.0.8-1.amzn2023.0.14`, `4.0.8`) as written by the package manager. @public */
export function displayFixedVersion(fixed: string): string {
  return fixed.replace(/^0+:/, '');
}

/** @public */
export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
}
