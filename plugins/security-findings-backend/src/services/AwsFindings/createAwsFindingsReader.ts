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
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  SEVERITIES,
  Severity,
} from '@internal/plugin-security-findings-common';
import { AwsFinding, AwsFindingsReader } from './types';

const REQUEST_TIMEOUT_MS = 30_000;
const MAX_SERVER_ERROR_RETRIES = 2;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function isThrottle(e: any): boolean {
  return (
    e?.name === 'TooManyRequestsException' ||
    e?.name === 'ThrottlingException' ||
    e?.$metadata?.httpStatusCode === 429
  );
}

function retryAfterMs(e: any): number | undefined {
  const header = e?.$response?.headers?.['retry-after'];
  const seconds = Number(header);
  return header !== undefined && Number.isFinite(seconds)
    ? seconds * 1000
    : undefined;
}

/**
 * Reads findings through the AWS SDK. The SDK's own retries are off (maxAttempts 1) so that one
 * policy applies: on throttling, wait for Retry-After (or back off exponentially) and resume from
 * the same page token; a run fails only after `maxThrottleRetries` throttles of the same page.
 */
export function createAwsFindingsReader(options: {
  credentials: AwsCredentialsManager;
  logger: LoggerService;
  endpoints: { securityHub?: string; inspector2?: string };
  inspector2: boolean;
  maxThrottleRetries: number;
  /** Base of the exponential backoff when no Retry-After is given (ms). */
  backoffBaseMs?: number;
}): AwsFindingsReader {
  const { logger, endpoints, maxThrottleRetries } = options;
  const backoffBaseMs = options.backoffBaseMs ?? 1000;

  async function withRetries<T>(what: string, call: () => Promise<T>) {
    for (let throttles = 0, errors = 0; ; ) {
      try {
        return await call();
      } catch (e: any) {
        const status = e?.$metadata?.httpStatusCode ?? 0;
        if (isThrottle(e) && throttles < maxThrottleRetries) {
          const wait =
            retryAfterMs(e) ?? Math.min(60_000, backoffBaseMs * 2 ** throttles);
          throttles++;
          logger.warn(
            `${what} throttled (${e.name}); resuming in ${wait} ms (attempt ${throttles}/${maxThrottleRetries})`,
          );
          await sleep(wait);
        } else if (status >= 500 && errors < MAX_SERVER_ERROR_RETRIES) {
          errors++;
          await sleep(backoffBaseMs * errors);
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
      requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS },
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
  ) {
    const out: AwsSecurityFinding[] = [];
    let nextToken: string | undefined;
    do {
      const command = new GetFindingsCommand({
        Filters: filters,
        MaxResults: 100,
        NextToken: nextToken,
      });
      const page = await withRetries(`SecurityHub GetFindings (${label})`, () =>
        client.send(command),
      );
      out.push(...(page.Findings ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return out;
  }

  async function inspectorDetails(
    client: Inspector2Client,
    accountId: string,
    label: string,
  ) {
    const byArn = new Map<string, InspectorFinding>();
    let nextToken: string | undefined;
    do {
      const command = new ListFindingsCommand({
        filterCriteria: {
          findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
          findingType: [
            { comparison: 'EQUALS', value: 'PACKAGE_VULNERABILITY' },
          ],
          awsAccountId: [{ comparison: 'EQUALS', value: accountId }],
        },
        maxResults: 100,
        nextToken,
      });
      const page = await withRetries(`Inspector2 ListFindings (${label})`, () =>
        client.send(command),
      );
      for (const f of page.findings ?? []) {
        if (f.findingArn) byArn.set(f.findingArn, f);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return byArn;
  }

  return {
    async readActive({ accountId, region }) {
      const label = `${accountId}/${region}`;
      const { securityHub, inspector2 } = await clients(accountId, region);
      const [findings, details] = await Promise.all([
        getAllFindings(securityHub, label, {
          AwsAccountId: [{ Value: accountId, Comparison: 'EQUALS' }],
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          WorkflowStatus: [{ Value: 'RESOLVED', Comparison: 'NOT_EQUALS' }],
        }),
        // Inspector2 only adds detail: without it the findings are still complete.
        options.inspector2
          ? inspectorDetails(inspector2, accountId, label).catch(
              (e: Error) => e,
            )
          : new Map<string, InspectorFinding>(),
      ]);
      const byArn = details instanceof Error ? undefined : details;
      return {
        findings: findings.map(f =>
          enrich(fromAsff(f, accountId, region), byArn?.get(f.Id ?? '')),
        ),
        ...(details instanceof Error
          ? { inspectorError: details.message }
          : {}),
      };
    },

    async readClosedSince({ accountId, region }, sinceMs) {
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
        getAllFindings(securityHub, label, {
          AwsAccountId: account,
          RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }],
          UpdatedAt: updated,
        }),
        getAllFindings(securityHub, label, {
          AwsAccountId: account,
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          WorkflowStatus: [{ Value: 'RESOLVED', Comparison: 'EQUALS' }],
          UpdatedAt: updated,
        }),
      ]);
      return [...archived, ...resolved].map(f =>
        fromAsff(f, accountId, region),
      );
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

/** Reads the fields Pier shows out of an ASFF finding. */
export function fromAsff(
  f: AwsSecurityFinding,
  accountId: string,
  region: string,
): AwsFinding {
  const resource = f.Resources?.[0];
  const image = resource?.Details?.AwsEcrContainerImage;
  const vulnerability = f.Vulnerabilities?.[0];
  const pkg = vulnerability?.VulnerablePackages?.[0];
  const updatedAt = time(f.UpdatedAt, Date.now());
  return {
    id: f.Id ?? '',
    accountId: f.AwsAccountId ?? accountId,
    region: f.Region ?? region,
    severity: severityOf(f.Severity?.Label),
    title: f.Title ?? '(untitled finding)',
    cve: vulnerability?.Id,
    packageName: pkg?.Name,
    installedVersion: pkg?.Version,
    fixedInVersion: pkg?.FixedInVersion,
    packageManager: pkg?.PackageManager,
    filePath: pkg?.FilePath,
    remediation: f.Remediation?.Recommendation?.Text,
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

/** Inspector2 knows the package path, the fixed-in version and a package-level recommendation. */
function enrich(
  f: AwsFinding,
  detail: InspectorFinding | undefined,
): AwsFinding {
  if (!detail) return f;
  const pkg = detail.packageVulnerabilityDetails?.vulnerablePackages?.[0];
  const recommendation = detail.remediation?.recommendation?.text;
  return {
    ...f,
    fixedInVersion: pkg?.fixedInVersion ?? f.fixedInVersion,
    packageManager: pkg?.packageManager ?? f.packageManager,
    filePath: pkg?.filePath ?? f.filePath,
    remediation:
      recommendation && recommendation !== 'None Provided'
        ? recommendation
        : f.remediation,
    remediationUrl:
      detail.packageVulnerabilityDetails?.sourceUrl ?? f.remediationUrl,
  };
}
