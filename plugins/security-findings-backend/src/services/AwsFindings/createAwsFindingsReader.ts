import { setTimeout as delay } from 'node:timers/promises';
import {
  AwsSecurityFinding,
  AwsSecurityFindingFilters,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  Finding as InspectorFinding,
  Inspector2Client,
  ListFindingsCommand,
} from '@aws-sdk/client-inspector2';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  boundedPages,
  boundedRetryAfter,
  requireList,
} from '@internal/backend-answer-guard';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  COMPLIANCE_STATUSES,
  ComplianceStatus,
  SEVERITIES,
  Severity,
  VulnerablePackage,
  composeVersion,
  displayFixedVersion,
} from '@internal/plugin-security-findings-common';
import { AwsFinding, AwsFindingsReader, ComplianceFinding } from './types';

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const MAX_SERVER_ERROR_RETRIES = 2;
/** Waits `ms`, or rejects as soon as `signal` aborts (the scheduler's timeout or shutdown). */
const sleep = (ms: number, signal?: AbortSignal) =>
  delay(ms, undefined, { signal });

function isThrottle(e: any): boolean {
  return (
    e?.name === 'TooManyRequestsException' ||
    e?.name === 'ThrottlingException' ||
    e?.$metadata?.httpStatusCode === 429
  );
}

/** Pages of one GetFindings/ListFindings query a run reads at most (100 findings each). */
export const MAX_FINDINGS_PAGES = 5_000;

/**
 * Reads findings through the AWS SDK. The SDK's own retries are off (maxAttempts 1) so that one
 * policy applies: on throttling, wait for Retry-After (or back off exponentially) and resume from
 * the same page token; a run fails only after `maxThrottleRetries` throttles of the same page, or at
 * once when Retry-After asks for more than `maxRetryAfterMs` (60 s unless set). Paging stops after
 * `maxPages` pages or at a repeated token, and a page without its list (`Findings`, `findings`) is
 * an error, never read as "no findings".
 */
export function createAwsFindingsReader(options: {
  credentials: AwsCredentialsManager;
  logger: LoggerService;
  endpoints: { securityHub?: string; inspector2?: string };
  inspector2: boolean;
  /** Read Security Hub control findings (CIS, FSBP, PCI…) into their own list; else they are dropped. */
  complianceControls?: boolean;
  maxThrottleRetries: number;
  /** Base of the exponential backoff when no Retry-After is given (ms). */
  backoffBaseMs?: number;
  /** The longest Retry-After (and backoff) waited for; longer gives up until the next run. */
  maxRetryAfterMs?: number;
  /** Pages of one query read at most. */
  maxPages?: number;
  /** How long one request may go without an answer (ms, 30 s unless set). */
  requestTimeoutMs?: number;
}): AwsFindingsReader {
  const { logger, endpoints, maxThrottleRetries } = options;
  const backoffBaseMs = options.backoffBaseMs ?? 1000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const maxPages = options.maxPages ?? MAX_FINDINGS_PAGES;
  const requestTimeoutMs =
    options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  async function withRetries<T>(
    what: string,
    call: () => Promise<T>,
    signal?: AbortSignal,
  ) {
    for (let throttles = 0, errors = 0; ; ) {
      signal?.throwIfAborted();
      try {
        return await call();
      } catch (e: any) {
        if (signal?.aborted) throw signal.reason;
        const status = e?.$metadata?.httpStatusCode ?? 0;
        if (isThrottle(e) && throttles < maxThrottleRetries) {
          const wait =
            boundedRetryAfter(what, e?.$response?.headers?.['retry-after'], {
              maxMs: maxRetryAfterMs,
            }) ?? Math.min(maxRetryAfterMs, backoffBaseMs * 2 ** throttles);
          throttles++;
          logger.warn(
            `${what} throttled (${e.name}); resuming in ${wait} ms (attempt ${throttles}/${maxThrottleRetries})`,
          );
          await sleep(wait, signal);
        } else if (status >= 500 && errors < MAX_SERVER_ERROR_RETRIES) {
          errors++;
          await sleep(backoffBaseMs * errors, signal);
        } else {
          throw new Error(
            `${what} failed: ${e?.name ?? 'Error'}: ${e?.message ?? e}`,
          );
        }
      }
    }
  }

  async function clients(accountId: string, region: string) {
    const { sdkCredentialProvider } =
      await options.credentials.getCredentialProvider({ accountId });
    const common = {
      region,
      credentials: sdkCredentialProvider,
      maxAttempts: 1,
      // Without throwOnRequestTimeout the SDK's handler only logs a warning past the timeout and
      // keeps waiting: a hung upstream would hold the run until the task's own timeout.
      requestHandler: {
        requestTimeout: requestTimeoutMs,
        throwOnRequestTimeout: true,
      },
    };
    return {
      securityHub: new SecurityHubClient({
        ...common,
        ...(endpoints.securityHub ? { endpoint: endpoints.securityHub } : {}),
      }),
      inspector2: new Inspector2Client({
        ...common,
        ...(endpoints.inspector2 ? { endpoint: endpoints.inspector2 } : {}),
      }),
    };
  }

  async function getAllFindings(
    client: SecurityHubClient,
    label: string,
    filters: AwsSecurityFindingFilters,
    signal?: AbortSignal,
  ) {
    const out: AwsSecurityFinding[] = [];
    const what = `SecurityHub GetFindings (${label})`;
    const pages = boundedPages(
      what,
      NextToken =>
        withRetries(
          what,
          () =>
            client.send(
              new GetFindingsCommand({
                Filters: filters,
                MaxResults: 100,
                NextToken,
              }),
              { abortSignal: signal },
            ),
          signal,
        ),
      page => page.NextToken,
      { maxPages },
    );
    for await (const page of pages) {
      out.push(...requireList<AwsSecurityFinding>(page, 'Findings', what));
    }
    return out;
  }

  async function inspectorDetails(
    client: Inspector2Client,
    accountId: string,
    label: string,
    signal?: AbortSignal,
  ) {
    const byArn = new Map<string, InspectorFinding>();
    const what = `Inspector2 ListFindings (${label})`;
    const pages = boundedPages(
      what,
      nextToken =>
        withRetries(
          what,
          () =>
            client.send(
              new ListFindingsCommand({
                filterCriteria: {
                  findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
                  findingType: [
                    { comparison: 'EQUALS', value: 'PACKAGE_VULNERABILITY' },
                  ],
                  awsAccountId: [{ comparison: 'EQUALS', value: accountId }],
                },
                maxResults: 100,
                nextToken,
              }),
              { abortSignal: signal },
            ),
          signal,
        ),
      page => page.nextToken,
      { maxPages },
    );
    for await (const page of pages) {
      for (const f of requireList<InspectorFinding>(page, 'findings', what)) {
        if (f.findingArn) byArn.set(f.findingArn, f);
      }
    }
    return byArn;
  }

  return {
    async readActive({ accountId, region }, signal) {
      const label = `${accountId}/${region}`;
      const { securityHub, inspector2 } = await clients(accountId, region);
      const account = [{ Value: accountId, Comparison: 'EQUALS' as const }];
      const active = [{ Value: 'ACTIVE', Comparison: 'EQUALS' as const }];
      const [open, passed, details] = await Promise.all([
        getAllFindings(
          securityHub,
          label,
          {
            AwsAccountId: account,
            RecordState: active,
            WorkflowStatus: [{ Value: 'RESOLVED', Comparison: 'NOT_EQUALS' }],
          },
          signal,
        ),
        // PASSED controls are RESOLVED by Security Hub itself: read them for pass/fail per control.
        options.complianceControls
          ? getAllFindings(
              securityHub,
              `${label}, passed controls`,
              {
                AwsAccountId: account,
                RecordState: active,
                ComplianceStatus: [{ Value: 'PASSED', Comparison: 'EQUALS' }],
                WorkflowStatus: [{ Value: 'RESOLVED', Comparison: 'EQUALS' }],
              },
              signal,
            )
          : Promise.resolve([]),
        // Inspector2 only adds detail: without it the findings are still complete.
        options.inspector2
          ? inspectorDetails(inspector2, accountId, label, signal).catch(
              (e: Error) => e,
            )
          : new Map<string, InspectorFinding>(),
      ]);
      signal?.throwIfAborted();
      const byArn = details instanceof Error ? undefined : details;
      const findings: AwsFinding[] = [];
      const controls = new Map<string, ComplianceFinding>();
      const seen = new Set<string>();
      let other = 0;
      for (const f of [...open, ...passed]) {
        if (seen.has(f.Id ?? '')) continue;
        seen.add(f.Id ?? '');
        const kind = kindOf(f);
        if (kind === 'vulnerability') {
          findings.push(
            enrich(fromAsff(f, accountId, region), byArn?.get(f.Id ?? '')),
          );
        } else if (kind === 'control') {
          if (options.complianceControls) {
            const c = complianceFromAsff(f, accountId, region);
            controls.set(c.id, c);
          }
        } else {
          other++;
        }
      }
      return {
        findings,
        controls: [...controls.values()],
        other,
        ...(details instanceof Error
          ? { inspectorError: details.message }
          : { inspectorFindings: details.size }),
      };
    },

    async readClosedSince({ accountId, region }, sinceMs, signal) {
      const label = `${accountId}/${region}, closed`;
      const { securityHub } = await clients(accountId, region);
      const updated = [
        {
          Start: new Date(sinceMs).toISOString(),
          End: new Date().toISOString(),
        },
      ];
      const account = [{ Value: accountId, Comparison: 'EQUALS' as const }];
      const [archived, resolved] = await Promise.all([
        getAllFindings(
          securityHub,
          label,
          {
            AwsAccountId: account,
            RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }],
            UpdatedAt: updated,
          },
          signal,
        ),
        getAllFindings(
          securityHub,
          label,
          {
            AwsAccountId: account,
            RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
            WorkflowStatus: [{ Value: 'RESOLVED', Comparison: 'EQUALS' }],
            UpdatedAt: updated,
          },
          signal,
        ),
      ]);
      // Passed controls are RESOLVED too: only vulnerabilities make the trend.
      return [...archived, ...resolved]
        .filter(f => kindOf(f) === 'vulnerability')
        .map(f => fromAsff(f, accountId, region));
    },
  };
}

function severityOf(label: string | undefined): Severity {
  return SEVERITIES.includes(label as Severity)
    ? (label as Severity)
    : 'INFORMATIONAL';
}

function time(value: string | undefined, fallback: number) {
  const t = value ? Date.parse(value) : NaN;
  return Number.isFinite(t) ? t : fallback;
}

/**
 * What a Security Hub finding is: a vulnerability when it lists `Vulnerabilities` (Inspector and
 * other scanners: packages on an image, an instance, a function), a control when it carries a
 * `Compliance.Status` (CIS, FSBP, PCI DSS… checks: no vulnerabilities, often on the account), else
 * another product's finding that Pier does not show.
 */
export function kindOf(
  f: AwsSecurityFinding,
): 'vulnerability' | 'control' | 'other' {
  if ((f.Vulnerabilities?.length ?? 0) > 0) return 'vulnerability';
  if (f.Compliance?.Status) return 'control';
  return 'other';
}

const NONE_PROVIDED = 'None Provided';

/** Reads the fields Pier shows out of an ASFF vulnerability finding. */
export function fromAsff(
  f: AwsSecurityFinding,
  accountId: string,
  region: string,
): AwsFinding {
  const resource = f.Resources?.[0];
  const image = resource?.Details?.AwsEcrContainerImage;
  const vulnerability = f.Vulnerabilities?.[0];
  const updatedAt = time(f.UpdatedAt, Date.now());
  const remediation = f.Remediation?.Recommendation?.Text;
  return {
    id: f.Id ?? '',
    accountId: f.AwsAccountId ?? accountId,
    region: f.Region ?? region,
    severity: severityOf(f.Severity?.Label),
    title: f.Title ?? '(untitled finding)',
    cve: vulnerability?.Id,
    packages: (vulnerability?.VulnerablePackages ?? []).map(p =>
      vulnerablePackage({
        name: p.Name,
        epoch: p.Epoch,
        version: p.Version,
        release: p.Release,
        fixedInVersion: p.FixedInVersion,
        packageManager: p.PackageManager,
        filePath: p.FilePath,
      }),
    ),
    remediation:
      remediation && remediation !== NONE_PROVIDED ? remediation : undefined,
    remediationUrl:
      f.Remediation?.Recommendation?.Url ??
      vulnerability?.Vendor?.Url ??
      vulnerability?.ReferenceUrls?.[0],
    workflowStatus: f.Workflow?.Status ?? 'NEW',
    recordState: f.RecordState ?? 'ACTIVE',
    firstObservedAt: time(f.FirstObservedAt ?? f.CreatedAt, updatedAt),
    updatedAt,
    resourceType: resource?.Type ?? 'Other',
    resourceId: resource?.Id ?? '',
    repository: image?.RepositoryName,
    imageDigest: image?.ImageDigest,
    imageTags: image?.ImageTags ?? [],
    resourceTags: resource?.Tags ?? {},
  };
}

function vulnerablePackage(p: {
  name?: string;
  epoch?: string | number;
  version?: string;
  release?: string;
  fixedInVersion?: string;
  packageManager?: string;
  filePath?: string;
}): VulnerablePackage {
  return {
    name: p.name ?? '(unnamed package)',
    installedVersion: composeVersion(p),
    ...(p.fixedInVersion
      ? { fixedInVersion: displayFixedVersion(p.fixedInVersion) }
      : {}),
    ...(p.packageManager ? { packageManager: p.packageManager } : {}),
    ...(p.filePath ? { filePath: p.filePath } : {}),
  };
}

/** Standard names as a lead reads them, from a standards ARN or `StandardsId`. */
export function standardName(arnOrId: string): string {
  const m = /(?:standards|ruleset)\/([^/]+)\/v\/([^/]+)/.exec(arnOrId);
  if (!m) return arnOrId;
  const names: Record<string, string> = {
    'aws-foundational-security-best-practices': 'AWS FSBP',
    'aws-foundation-best-practices': 'AWS FSBP',
    'cis-aws-foundations-benchmark': 'CIS AWS Foundations',
    'pci-dss': 'PCI DSS',
    'nist-800-53': 'NIST SP 800-53',
    'service-managed-aws-control-tower': 'AWS Control Tower',
  };
  return `${names[m[1]] ?? m[1]} v${m[2]}`;
}

/** Reads a control finding: the control across standards, its status and the resource. */
export function complianceFromAsff(
  f: AwsSecurityFinding,
  accountId: string,
  region: string,
): ComplianceFinding {
  const fields = f.ProductFields ?? {};
  const status = (
    COMPLIANCE_STATUSES.includes(f.Compliance?.Status as ComplianceStatus)
      ? f.Compliance!.Status
      : 'NOT_AVAILABLE'
  ) as ComplianceStatus;
  const standardIds = [
    ...(f.Compliance?.AssociatedStandards ?? []).flatMap(a =>
      a.StandardsId ? [a.StandardsId] : [],
    ),
    ...(fields.StandardsArn ? [fields.StandardsArn] : []),
    ...(fields.StandardsGuideArn ? [fields.StandardsGuideArn] : []),
  ];
  const controlId =
    f.Compliance?.SecurityControlId ??
    fields.ControlId ??
    fields.RuleId ??
    f.GeneratorId ??
    '(unknown control)';
  // Titles of per-standard findings start with the standard's own id ("PCI.S3.5 …", "2.7 …").
  const ownId = fields.ControlId ?? fields.RuleId;
  const fullTitle = f.Title ?? controlId;
  const title =
    ownId && fullTitle.startsWith(`${ownId} `)
      ? fullTitle.slice(ownId.length + 1)
      : fullTitle;
  const original =
    f.FindingProviderFields?.Severity?.Original ?? f.Severity?.Original;
  const label = f.Severity?.Label;
  const severity =
    label && label !== 'INFORMATIONAL'
      ? severityOf(label)
      : severityOf(original ?? label);
  const resource = f.Resources?.[0];
  const updatedAt = time(f.UpdatedAt, Date.now());
  return {
    id: f.Id ?? '',
    accountId: f.AwsAccountId ?? accountId,
    region: f.Region ?? region,
    controlId,
    title,
    severity,
    status,
    standards: [...new Set(standardIds.map(standardName))],
    workflowStatus: f.Workflow?.Status ?? 'NEW',
    resourceType: resource?.Type ?? 'Other',
    resourceId: resource?.Id ?? '',
    remediationUrl: f.Remediation?.Recommendation?.Url,
    firstObservedAt: time(f.FirstObservedAt ?? f.CreatedAt, updatedAt),
    updatedAt,
  };
}

/** Inspector2 knows every package with its integer epoch, the fixed-in version and a recommendation. */
function enrich(
  f: AwsFinding,
  detail: InspectorFinding | undefined,
): AwsFinding {
  if (!detail) return f;
  const packages = detail.packageVulnerabilityDetails?.vulnerablePackages;
  const recommendation = detail.remediation?.recommendation?.text;
  return {
    ...f,
    packages: packages?.length
      ? packages.map(p => vulnerablePackage(p))
      : f.packages,
    remediation:
      recommendation && recommendation !== NONE_PROVIDED
        ? recommendation
        : f.remediation,
    remediationUrl:
      detail.packageVulnerabilityDetails?.sourceUrl ?? f.remediationUrl,
  };
}
