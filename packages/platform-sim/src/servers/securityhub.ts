import { Server } from 'node:http';
import { Scenario } from '../scenario';
import { FindingView, findingView } from '../scenario/findings';
import { FindingRecord } from '../scenario/types';
import {
  ResultCache,
  awsError,
  awsErrorShaper,
  checkSigV4,
  decodeToken,
  encodeToken,
} from './aws';
import { FaultRegistry } from './faults';
import {
  SimRequest,
  SimResponse,
  createUpstreamServer,
  json,
  parseJsonBody,
} from './http';

const iso = (ms: number) => new Date(ms).toISOString();
const PRODUCT_ARN = (region: string) =>
  `arn:aws:securityhub:${region}::product/aws/inspector`;

type StringFilter = { Value?: string; Comparison?: string };
type MapFilter = { Key?: string; Value?: string; Comparison?: string };
type DateFilter = {
  Start?: string;
  End?: string;
  DateRange?: { Value?: number; Unit?: string };
};
type NumberFilter = {
  Gte?: number;
  Lte?: number;
  Eq?: number;
  Gt?: number;
  Lt?: number;
};

const SEVERITY_RANK: Record<string, number> = {
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 2,
  HIGH: 3,
  CRITICAL: 4,
};

/** Matches a value against an ASFF StringFilter list (AWS's OR/AND rules). */
export function matchStringFilters(
  filters: StringFilter[],
  values: Array<string | undefined>,
): boolean {
  const positive = filters.filter(
    f =>
      !(f.Comparison ?? 'EQUALS').startsWith('NOT') &&
      f.Comparison !== 'PREFIX_NOT_EQUALS',
  );
  const negative = filters.filter(f => !positive.includes(f));
  const test = (f: StringFilter, v: string | undefined) => {
    if (v === undefined || f.Value === undefined) return false;
    switch (f.Comparison ?? 'EQUALS') {
      case 'EQUALS':
      case 'NOT_EQUALS':
        return v === f.Value;
      case 'PREFIX':
      case 'PREFIX_NOT_EQUALS':
        return v.startsWith(f.Value);
      case 'CONTAINS':
      case 'NOT_CONTAINS':
        return v.includes(f.Value);
      default:
        return false;
    }
  };
  const posOk =
    positive.length === 0 || positive.some(f => values.some(v => test(f, v)));
  const negOk = negative.every(f => !values.some(v => test(f, v)));
  return posOk && negOk;
}

const STRING_ATTRIBUTES: Record<
  string,
  (v: FindingView, s: Scenario) => Array<string | undefined>
> = {
  Id: v => [v.arn],
  ProductArn: (_v, s) => [PRODUCT_ARN(s.region)],
  ProductName: () => ['Inspector'],
  CompanyName: () => ['Amazon'],
  GeneratorId: () => ['AWSInspector'],
  AwsAccountId: (_v, s) => [s.accountId],
  Region: (_v, s) => [s.region],
  Type: () => ['Software and Configuration Checks/Vulnerabilities/CVE'],
  Title: v => [v.title],
  Description: v => [v.description],
  SeverityLabel: v => [v.record.severity],
  RecordState: v => [v.record.recordState],
  WorkflowStatus: v => [v.record.workflowStatus],
  WorkflowState: v => [workflowState(v.record)],
  ComplianceStatus: () => [undefined],
  ResourceType: v => [v.record.resourceType],
  ResourceId: v => [v.record.resourceId],
  ResourcePartition: () => ['aws'],
  ResourceRegion: (_v, s) => [s.region],
  ResourceContainerImageId: v => [v.image?.digest],
  ResourceContainerImageName: v => [v.image?.repositoryName],
  VulnerabilitiesFixAvailable: v => [v.record.fixedInVersion ? 'YES' : 'NO'],
  VulnerabilitiesExploitAvailable: () => ['NO'],
  ProductFieldsProviderName: () => ['Inspector'],
};

/** Attributes answered from the compact record, without expanding the finding. */
const RECORD_ATTRIBUTES: Record<string, (r: FindingRecord) => string> = {
  SeverityLabel: r => r.severity,
  RecordState: r => r.recordState,
  WorkflowStatus: r => r.workflowStatus,
  ResourceType: r => r.resourceType,
  ResourceId: r => r.resourceId,
};

function workflowState(r: FindingRecord): string {
  if (r.workflowStatus === 'RESOLVED') return 'RESOLVED';
  if (r.workflowStatus === 'SUPPRESSED') return 'DEFERRED';
  return 'NEW';
}

const DATE_ATTRIBUTES: Record<string, (r: FindingRecord) => number> = {
  CreatedAt: r => r.firstObservedAt,
  FirstObservedAt: r => r.firstObservedAt,
  LastObservedAt: r => r.updatedAt,
  UpdatedAt: r => r.updatedAt,
  ProcessedAt: r => r.updatedAt,
};

/** Serves SecurityHub `GetFindings` (restJson1 `POST /findings`). */
export class SecurityHubApi {
  private readonly cache = new ResultCache<number[]>(16);

  constructor(private readonly scenario: Scenario) {}

  handle = (req: SimRequest): SimResponse => {
    const authError = checkSigV4(req, 'restJson1', 'securityhub');
    if (authError) return authError;
    if (req.path === '/findings' && req.method === 'POST') {
      return this.getFindings(req);
    }
    return awsError(
      'restJson1',
      404,
      'ResourceNotFoundException',
      `No route for ${req.method} ${req.path}`,
    );
  };

  private invalid(message: string) {
    return awsError('restJson1', 400, 'InvalidInputException', message);
  }

  private getFindings(req: SimRequest): SimResponse {
    let body: any;
    try {
      body = parseJsonBody(req) ?? {};
    } catch {
      return this.invalid('Request body is not valid JSON');
    }
    const maxResults = body.MaxResults ?? 100;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      return this.invalid('MaxResults must be between 1 and 100');
    }
    const filters: Record<string, any[]> = body.Filters ?? {};
    const attributes = Object.entries(filters).filter(
      ([, v]) => Array.isArray(v) && v.length > 0,
    );
    if (attributes.length > 10) {
      return this.invalid('Filters can contain at most 10 attributes');
    }
    const tooMany = attributes.find(([, v]) => v.length > 20);
    if (tooMany) {
      return this.invalid(`Filter ${tooMany[0]} can contain at most 20 values`);
    }
    for (const [name] of attributes) {
      if (
        !(name in STRING_ATTRIBUTES) &&
        !(name in DATE_ATTRIBUTES) &&
        name !== 'ResourceTags' &&
        name !== 'SeverityNormalized' &&
        name !== 'SeverityProduct'
      ) {
        return this.invalid(
          `Filter attribute ${name} is not supported by the simulator`,
        );
      }
    }
    const queryKey = JSON.stringify({ f: filters, s: body.SortCriteria ?? [] });
    let offset = 0;
    if (body.NextToken) {
      const decoded = decodeToken(body.NextToken, queryKey);
      if (decoded === undefined)
        return this.invalid('The NextToken provided is invalid');
      offset = decoded;
    }
    const indexes = this.cache.get(queryKey, () =>
      this.select(Object.fromEntries(attributes), body.SortCriteria ?? []),
    );
    const page = indexes.slice(offset, offset + maxResults);
    const next =
      offset + maxResults < indexes.length ? offset + maxResults : undefined;
    return json(
      200,
      {
        Findings: page.map(i =>
          this.asff(findingView(this.scenario, this.scenario.findings[i])),
        ),
        ...(next !== undefined
          ? { NextToken: encodeToken(queryKey, next) }
          : {}),
      },
      { 'x-amzn-requestid': `sim-${offset}` },
    );
  }

  private select(
    filters: Record<string, any[]>,
    sort: Array<{ Field?: string; SortOrder?: string }>,
  ) {
    const s = this.scenario;
    const now = s.now;
    // Filters that only need the compact record are checked first, cheaply.
    const result: number[] = [];
    for (const r of s.findings) {
      let view: FindingView | undefined;
      const getView = () => (view ??= findingView(s, r));
      let ok = true;
      for (const [name, list] of Object.entries(filters)) {
        if (name in DATE_ATTRIBUTES) {
          const t = DATE_ATTRIBUTES[name](r);
          ok = (list as DateFilter[]).every(f => {
            if (f.DateRange?.Value !== undefined) {
              return t >= now - f.DateRange.Value * 86_400_000;
            }
            return (
              (!f.Start || t >= Date.parse(f.Start)) &&
              (!f.End || t <= Date.parse(f.End))
            );
          });
        } else if (
          name === 'SeverityNormalized' ||
          name === 'SeverityProduct'
        ) {
          const n =
            name === 'SeverityProduct'
              ? r.cvss
              : (
                  {
                    INFORMATIONAL: 0,
                    LOW: 30,
                    MEDIUM: 50,
                    HIGH: 70,
                    CRITICAL: 90,
                  } as const
                )[r.severity];
          ok = (list as NumberFilter[]).every(
            f =>
              (f.Gte === undefined || n >= f.Gte) &&
              (f.Lte === undefined || n <= f.Lte) &&
              (f.Gt === undefined || n > f.Gt) &&
              (f.Lt === undefined || n < f.Lt) &&
              (f.Eq === undefined || n === f.Eq),
          );
        } else if (name === 'ResourceTags') {
          const tags = getView().resourceTags;
          const positive = (list as MapFilter[]).filter(
            f => !(f.Comparison ?? 'EQUALS').startsWith('NOT'),
          );
          const negative = (list as MapFilter[]).filter(
            f => !positive.includes(f),
          );
          const test = (f: MapFilter) => {
            const v = f.Key ? tags[f.Key] : undefined;
            if (v === undefined || f.Value === undefined) return false;
            return f.Comparison?.endsWith('CONTAINS')
              ? v.includes(f.Value)
              : v === f.Value;
          };
          ok =
            (positive.length === 0 || positive.some(test)) &&
            negative.every(f => !test(f));
        } else {
          const cheap = RECORD_ATTRIBUTES[name];
          const values = cheap
            ? [cheap(r)]
            : STRING_ATTRIBUTES[name](getView(), s);
          ok = matchStringFilters(list as StringFilter[], values);
        }
        if (!ok) break;
      }
      if (ok) result.push(r.index);
    }
    const criteria = sort.length
      ? sort
      : [{ Field: 'UpdatedAt', SortOrder: 'desc' }];
    const key = (i: number, field?: string): number | string => {
      const r = s.findings[i];
      switch (field) {
        case 'SeverityLabel':
        case 'SeverityNormalized':
        case 'Severity.Normalized':
        case 'Severity.Label':
          return SEVERITY_RANK[r.severity];
        case 'CreatedAt':
        case 'FirstObservedAt':
          return r.firstObservedAt;
        case 'Title':
          return `${r.cve} - ${r.packageName}`;
        case 'ResourceId':
          return r.resourceId;
        default:
          return r.updatedAt;
      }
    };
    result.sort((a, b) => {
      for (const c of criteria) {
        const ka = key(a, c.Field);
        const kb = key(b, c.Field);
        if (ka !== kb) {
          const cmp = ka < kb ? -1 : 1;
          return c.SortOrder === 'asc' ? cmp : -cmp;
        }
      }
      return a - b;
    });
    return result;
  }

  /** Expands a finding to the AWS Security Finding Format as Inspector emits it. */
  asff(v: FindingView) {
    const s = this.scenario;
    const r = v.record;
    const resource =
      r.resourceType === 'AwsEcrContainerImage'
        ? {
            Type: 'AwsEcrContainerImage',
            Id: r.resourceId,
            Partition: 'aws',
            Region: s.region,
            Tags: v.resourceTags,
            Details: {
              AwsEcrContainerImage: {
                RegistryId: s.accountId,
                RepositoryName: v.image!.repositoryName,
                Architecture: v.image!.architecture,
                ImageDigest: v.image!.digest,
                ImageTags: v.image!.tags,
                ImagePublishedAt: iso(v.image!.pushedAt),
              },
            },
          }
        : {
            Type: 'AwsEc2Instance',
            Id: r.resourceId,
            Partition: 'aws',
            Region: s.region,
            Tags: v.resourceTags,
            Details: {
              AwsEc2Instance: {
                Type: v.instanceType,
                ImageId: 'ami-0f1a5f5ada0e7da53',
                LaunchedAt: iso(r.firstObservedAt),
                Platform: 'AMAZON_LINUX_2023',
              },
            },
          };
    const severity = {
      Label: r.severity,
      Normalized: v.severityNormalized,
      Original: r.severity,
    };
    return {
      SchemaVersion: '2018-10-08',
      Id: v.arn,
      ProductArn: PRODUCT_ARN(s.region),
      ProductName: 'Inspector',
      CompanyName: 'Amazon',
      Region: s.region,
      GeneratorId: 'AWSInspector',
      AwsAccountId: s.accountId,
      Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
      FirstObservedAt: iso(r.firstObservedAt),
      LastObservedAt: iso(r.updatedAt),
      CreatedAt: iso(r.firstObservedAt),
      UpdatedAt: iso(r.updatedAt),
      Severity: severity,
      Title: v.title,
      Description: v.description,
      Remediation: {
        Recommendation: {
          Text: r.fixedInVersion
            ? `Upgrade ${r.packageName} to ${r.fixedInVersion} and rebuild the image.`
            : `No fixed version of ${r.packageName} is available yet.`,
        },
      },
      ProductFields: {
        'aws/inspector/ProductVersion': '2',
        'aws/inspector/FindingStatus':
          r.recordState === 'ARCHIVED' ? 'CLOSED' : 'ACTIVE',
        'aws/inspector/inspectorScore': String(r.cvss),
        'aws/inspector/packageVulnerabilityDetails/vulnerablePackages/sourceLayerHash': `sha256:${r.resourceId.slice(
          -64,
        )}`,
        'aws/securityhub/FindingId': `${PRODUCT_ARN(s.region)}/${v.arn}`,
        'aws/securityhub/ProductName': 'Inspector',
        'aws/securityhub/CompanyName': 'Amazon',
      },
      Resources: [resource],
      WorkflowState: workflowState(r),
      Workflow: { Status: r.workflowStatus },
      RecordState: r.recordState,
      Vulnerabilities: [
        {
          Id: r.cve,
          VulnerablePackages: [
            {
              Name: r.packageName,
              Version: r.packageVersion,
              Epoch: '0',
              PackageManager: r.packageName.includes('/') ? 'GOBINARY' : 'OS',
              ...(r.fixedInVersion
                ? {
                    FixedInVersion: r.fixedInVersion,
                    Remediation: `Upgrade to ${r.fixedInVersion}`,
                  }
                : {}),
            },
          ],
          Cvss: [
            {
              Version: '3.1',
              BaseScore: r.cvss,
              BaseVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
              Source: 'NVD',
            },
          ],
          Vendor: {
            Name: 'NVD',
            Url: `https://nvd.nist.gov/vuln/detail/${r.cve}`,
            VendorSeverity: r.severity,
            VendorCreatedAt: iso(r.firstObservedAt - 30 * 86_400_000),
            VendorUpdatedAt: iso(r.firstObservedAt - 5 * 86_400_000),
          },
          ReferenceUrls: [`https://nvd.nist.gov/vuln/detail/${r.cve}`],
          FixAvailable: r.fixedInVersion ? 'YES' : 'NO',
          ExploitAvailable: 'NO',
        },
      ],
      FindingProviderFields: {
        Severity: { Label: r.severity, Original: r.severity },
        Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
      },
      ProcessedAt: iso(r.updatedAt + 60_000),
    };
  }
}

export function createSecurityHubServer(
  scenario: Scenario,
  faults: FaultRegistry,
): { server: Server; api: SecurityHubApi } {
  const api = new SecurityHubApi(scenario);
  const server = createUpstreamServer({
    id: 'aws.securityhub',
    faults,
    errors: awsErrorShaper('restJson1', 'TooManyRequestsException'),
    handler: api.handle,
  });
  return { server, api };
}
