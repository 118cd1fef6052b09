import { Severity } from '@internal/plugin-security-findings-common';

/** One finding as read from SecurityHub (ASFF), enriched from Inspector2 where available. */
export interface AwsFinding {
  id: string;
  accountId: string;
  region: string;
  severity: Severity;
  title: string;
  cve?: string;
  packageName?: string;
  installedVersion?: string;
  fixedInVersion?: string;
  packageManager?: string;
  filePath?: string;
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

export interface AwsFindingsReader {
  /**
   * Every active, unresolved finding of one account and region (all pages). When Inspector2 cannot
   * be read, the findings carry SecurityHub's own package details and `inspectorError` says why.
   */
  readActive(target: {
    accountId: string;
    region: string;
  }): Promise<{ findings: AwsFinding[]; inspectorError?: string }>;
  /** Findings closed (archived or resolved) since `sinceMs`, for rebuilding trends. */
  readClosedSince(
    target: { accountId: string; region: string },
    sinceMs: number,
  ): Promise<AwsFinding[]>;
}
