import {
  ComplianceAccount,
  ComplianceControl,
  ComplianceResponse,
  ComplianceStatus,
  emptyComplianceCounts,
  emptyCounts,
} from '@internal/plugin-security-findings-common';
import { ComplianceFinding } from '../AwsFindings';
import { rank } from './shared';

const FAILING_LISTED = 25;
const failing = (s: ComplianceStatus) => s === 'FAILED' || s === 'WARNING';
const statusRank: Record<ComplianceStatus, number> = {
  FAILED: 0,
  WARNING: 1,
  NOT_AVAILABLE: 2,
  PASSED: 3,
};

/**
 * The compliance view: control findings by control (across standards and accounts) and by
 * account, pass/fail counted per finding (one per resource and standard), failing resources
 * counted once. Nothing here is a vulnerability: no owner, no SLA, no service.
 */
export function computeCompliance(
  findings: ComplianceFinding[],
): Omit<ComplianceResponse, 'status' | 'enabled'> {
  const controls = new Map<
    string,
    ComplianceControl & {
      resources: Map<string, ComplianceControl['failing'][number]>;
    }
  >();
  const accounts = new Map<
    string,
    ComplianceAccount & { controlIds: Set<string>; failedIds: Set<string> }
  >();
  const totals = {
    findings: findings.length,
    counts: emptyComplianceCounts(),
  };
  for (const f of findings) {
    totals.counts[f.status]++;
    const c: ComplianceControl & {
      resources: Map<string, ComplianceControl['failing'][number]>;
    } = controls.get(f.controlId) ?? {
      controlId: f.controlId,
      title: f.title,
      severity: f.severity,
      standards: [] as string[],
      counts: emptyComplianceCounts(),
      failingResources: 0,
      remediationUrl: f.remediationUrl,
      failing: [],
      resources: new Map(),
    };
    if (rank(f.severity) < rank(c.severity)) c.severity = f.severity;
    c.counts[f.status]++;
    for (const s of f.standards)
      if (!c.standards.includes(s)) c.standards.push(s);
    if (failing(f.status)) {
      const key = `${f.accountId}/${f.region}/${f.resourceId}`;
      const r: ComplianceControl['failing'][number] = c.resources.get(key) ?? {
        accountId: f.accountId,
        region: f.region,
        resourceType: f.resourceType,
        resourceId: f.resourceId,
        status: f.status,
        standards: [] as string[],
        workflowStatus: f.workflowStatus,
      };
      if (statusRank[f.status] < statusRank[r.status]) r.status = f.status;
      for (const s of f.standards)
        if (!r.standards.includes(s)) r.standards.push(s);
      c.resources.set(key, r);
    }
    controls.set(f.controlId, c);

    const accountKey = `${f.accountId}/${f.region}`;
    const a = accounts.get(accountKey) ?? {
      accountId: f.accountId,
      region: f.region,
      counts: emptyComplianceCounts(),
      controls: 0,
      failedControls: 0,
      controlIds: new Set<string>(),
      failedIds: new Set<string>(),
    };
    a.counts[f.status]++;
    a.controlIds.add(f.controlId);
    if (f.status === 'FAILED') a.failedIds.add(f.controlId);
    accounts.set(accountKey, a);
  }
  const failedControls = emptyCounts();
  const list = [...controls.values()].map(({ resources, ...c }) => {
    if (c.counts.FAILED > 0) failedControls[c.severity]++;
    const all = [...resources.values()].sort(
      (x, y) =>
        statusRank[x.status] - statusRank[y.status] ||
        x.resourceId.localeCompare(y.resourceId),
    );
    return {
      ...c,
      standards: c.standards.sort(),
      failingResources: all.length,
      failing: all.slice(0, FAILING_LISTED),
    };
  });
  list.sort(
    (x, y) =>
      Number(y.counts.FAILED > 0) - Number(x.counts.FAILED > 0) ||
      rank(x.severity) - rank(y.severity) ||
      y.failingResources - x.failingResources ||
      x.controlId.localeCompare(y.controlId),
  );
  return {
    totals: { ...totals, controls: list.length, failedControls },
    controls: list,
    accounts: [...accounts.values()]
      .map(({ controlIds, failedIds, ...a }) => ({
        ...a,
        controls: controlIds.size,
        failedControls: failedIds.size,
      }))
      .sort((x, y) =>
        `${x.accountId}/${x.region}`.localeCompare(
          `${y.accountId}/${y.region}`,
        ),
      ),
  };
}
