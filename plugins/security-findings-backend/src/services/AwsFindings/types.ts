import {
  ComplianceStatus,
  Severity,
  VulnerablePackage,
} from '@internal/plugin-security-findings-common';

/** One finding as read from SecurityHub (ASFF), enriched from Inspector2 where available. */
export interface AwsFinding {
  id: string;
  accountId: string;
  region: string;
  severity: Severity;
  title: string;
  cve?: string;
  /** Every vulnerable package, versions composed as the package manager writes them. */
  packages: VulnerablePackage[];
  remediation?: string;
  remediationUrl?: string;
  workflowStatus: string;
  recordState: string;
  /** Epoch ms. */
  firstObservedAt: number;
  updatedAt: number;
  resourceType: string;
  resourceId: string;
  repository?: string;
  imageDigest?: string;
  imageTags: string[];
  resourceTags: Record<string, string>;
}

/**
 * A Security Hub control finding (CIS, FSBP, PCI DSS…): a configuration check on an account or a
 * resource, with `Compliance.Status` and no `Vulnerabilities`.
 */
export interface ComplianceFinding {
  id: string;
  accountId: string;
  region: string;
  /** Standard-agnostic control id (`Compliance.SecurityControlId`, else the standard's own id). */
  controlId: string;
  title: string;
  /** The control's severity (for PASSED findings Security Hub labels INFORMATIONAL; Original keeps it). */
  severity: Severity;
  status: ComplianceStatus;
  /** Standards named by the finding, e.g. `PCI DSS v3.2.1`. */
  standards: string[];
  workflowStatus: string;
  resourceType: string;
  resourceId: string;
  remediationUrl?: string;
  firstObservedAt: number;
  updatedAt: number;
}

export interface AwsFindingsReader {
  /**
   * Every active, unresolved finding of one account and region (all pages). When Inspector2 cannot
   * be read, the findings carry SecurityHub's own package details and `inspectorError` says why.
   * `signal` (the scheduled task's) stops paging and retrying: the read rejects with its reason.
   */
  readActive(
    target: { accountId: string; region: string },
    signal?: AbortSignal,
  ): Promise<{
    /** Vulnerability findings (with `Vulnerabilities`). */
    findings: AwsFinding[];
    /** Control findings, every status (empty when compliance controls are off). */
    controls: ComplianceFinding[];
    /** Findings neither (other products: GuardDuty, Macie, network reachability…), not stored. */
    other: number;
    inspectorError?: string;
    /** Inspector2 findings read for detail, when Inspector2 was read (judged like the findings). */
    inspectorFindings?: number;
  }>;
  /** Vulnerability findings closed (archived or resolved) since `sinceMs`, for rebuilding trends. */
  readClosedSince(
    target: { accountId: string; region: string },
    sinceMs: number,
    signal?: AbortSignal,
  ): Promise<AwsFinding[]>;
}
