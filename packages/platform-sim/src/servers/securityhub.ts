import { Server } from 'node:http';
import { Scenario } from '../scenario';
import {
  ControlFindingRecord,
  STANDARDS,
  controlFindings,
} from '../scenario/compliance';
import { FindingView, findingView, fixAvailable } from '../scenario/findings';
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
const SECURITYHUB_PRODUCT_ARN = (region: string) =>
  `arn:aws:securityhub:${region}::product/aws/securityhub`;

/**
 * One finding Security Hub holds: an Inspector vulnerability (index < vulnerabilities) or a
 * control finding of the account's enabled standards (the rest).
 */
type Item =
  | { kind: 'vulnerability'; record: FindingRecord }
  | { kind: 'control'; record: ControlFindingRecord };

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

const NORMALIZED_BY_LABEL: Record<string, number> = {
  INFORMATIONAL: 0,
  LOW: 30,
  MEDIUM: 50,
  HIGH: 70,
  CRITICAL: 90,
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
  ComplianceSecurityControlId: () => [undefined],
  ComplianceAssociatedStandardsId: () => [undefined],
  ResourceType: v => [v.record.resourceType],
  ResourceId: v => [v.record.resourceId],
  ResourcePartition: () => ['aws'],
  ResourceRegion: (_v, s) => [s.region],
  ResourceContainerImageId: v => [v.image?.digest],
  ResourceContainerImageName: v => [v.image?.repositoryName],
  VulnerabilitiesFixAvailable: v => [fixAvailable(v.packages)],
  VulnerabilitiesExploitAvailable: () => ['NO'],
  ProductFieldsProviderName: () => ['Inspector'],
};

/** A control finding's ARN, GeneratorId and the control's id in its standard. */
function controlIds(s: Scenario, r: ControlFindingRecord) {
  const standard = STANDARDS[r.standard];
  const controlId = r.control.standards[r.standard]!;
  const id = `arn:aws:securityhub:${s.region}:${s.accountId}:${standard.subscription}/${controlId}/finding/${r.uuid}`;
  const generatorId =
    r.standard === 'cis'
      ? `${standard.arn}/rule/${controlId}`
      : `${standard.id.replace(/^standards\//, '')}/${controlId}`;
  return {
    id,
    generatorId,
    controlId,
    title: `${controlId} ${r.control.title}`,
  };
}

/** The deprecated WorkflowState that Security Hub still writes next to Workflow.Status. */
function controlWorkflowState(r: ControlFindingRecord): string {
  if (r.workflowStatus === 'SUPPRESSED') return 'DEFERRED';
  return r.workflowStatus === 'RESOLVED' ? 'RESOLVED' : 'NEW';
}

/** PASSED control findings carry Severity.Label INFORMATIONAL; Original keeps the control's. */
const controlLabel = (r: ControlFindingRecord) =>
  r.status === 'PASSED' ? 'INFORMATIONAL' : r.control.severity;

const CONTROL_ATTRIBUTES: Record<
  string,
  (r: ControlFindingRecord, s: Scenario) => Array<string | undefined>
> = {
  Id: (r, s) => [controlIds(s, r).id],
  ProductArn: (_r, s) => [SECURITYHUB_PRODUCT_ARN(s.region)],
  ProductName: () => ['Security Hub'],
  CompanyName: () => ['AWS'],
  GeneratorId: (r, s) => [controlIds(s, r).generatorId],
  AwsAccountId: (_r, s) => [s.accountId],
  Region: (_r, s) => [s.region],
  Type: r => [STANDARDS[r.standard].type],
  Title: (r, s) => [controlIds(s, r).title],
  Description: r => [r.control.title],
  SeverityLabel: r => [controlLabel(r)],
  RecordState: r => [r.recordState],
  WorkflowStatus: r => [r.workflowStatus],
  WorkflowState: r => [controlWorkflowState(r)],
  ComplianceStatus: r => [r.status],
  ComplianceSecurityControlId: r => [r.control.securityControlId],
  ComplianceAssociatedStandardsId: r => [STANDARDS[r.standard].id],
  ResourceType: r => [r.resourceType],
  ResourceId: r => [r.resourceId],
  ResourcePartition: () => ['aws'],
  ResourceRegion: (_r, s) => [s.region],
  ResourceContainerImageId: () => [undefined],
  ResourceContainerImageName: () => [undefined],
  VulnerabilitiesFixAvailable: () => [undefined],
  VulnerabilitiesExploitAvailable: () => [undefined],
  ProductFieldsProviderName: () => ['Security Hub'],
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

const DATE_ATTRIBUTES: Record<
  string,
  (r: { firstObservedAt: number; updatedAt: number }) => number
> = {
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
        Findings: page.map(i => this.expand(i)),
        ...(next !== undefined
          ? { NextToken: encodeToken(queryKey, next) }
          : {}),
      },
      { 'x-amzn-requestid': `sim-${offset}` },
    );
  }

  /** Security Hub's findings: Inspector's vulnerabilities, then the control findings. */
  private item(i: number): Item {
    const s = this.scenario;
    return i < s.findings.length
      ? { kind: 'vulnerability', record: s.findings[i] }
      : {
          kind: 'control',
          record: controlFindings(s)[i - s.findings.length],
        };
  }

  private expand(i: number) {
    const item = this.item(i);
    return item.kind === 'vulnerability'
      ? this.asff(findingView(this.scenario, item.record))
      : this.controlAsff(item.record);
  }

  private select(
    filters: Record<string, any[]>,
    sort: Array<{ Field?: string; SortOrder?: string }>,
  ) {
    const s = this.scenario;
    const now = s.now;
    const total = s.findings.length + controlFindings(s).length;
    const severityOf = (item: Item) =>
      item.kind === 'vulnerability'
        ? item.record.severity
        : controlLabel(item.record);
    const result: number[] = [];
    for (let i = 0; i < total; i++) {
      const item = this.item(i);
      const r = item.record;
      let view: FindingView | undefined;
      const getView = () =>
        (view ??= findingView(s, item.record as FindingRecord));
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
            name === 'SeverityProduct' && item.kind === 'vulnerability'
              ? item.record.cvss
              : NORMALIZED_BY_LABEL[severityOf(item)];
          ok = (list as NumberFilter[]).every(
            f =>
              (f.Gte === undefined || n >= f.Gte) &&
              (f.Lte === undefined || n <= f.Lte) &&
              (f.Gt === undefined || n > f.Gt) &&
              (f.Lt === undefined || n < f.Lt) &&
              (f.Eq === undefined || n === f.Eq),
          );
        } else if (name === 'ResourceTags') {
          const tags =
            item.kind === 'vulnerability'
              ? getView().resourceTags
              : item.record.resourceTags ?? {};
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
        } else if (item.kind === 'control') {
          ok = matchStringFilters(
            list as StringFilter[],
            CONTROL_ATTRIBUTES[name](item.record, s),
          );
        } else {
          const cheap = RECORD_ATTRIBUTES[name];
          const values = cheap
            ? [cheap(item.record)]
            : STRING_ATTRIBUTES[name](getView(), s);
          ok = matchStringFilters(list as StringFilter[], values);
        }
        if (!ok) break;
      }
      if (ok) result.push(i);
    }
    const criteria = sort.length
      ? sort
      : [{ Field: 'UpdatedAt', SortOrder: 'desc' }];
    const key = (i: number, field?: string): number | string => {
      const item = this.item(i);
      switch (field) {
        case 'SeverityLabel':
        case 'SeverityNormalized':
        case 'Severity.Normalized':
        case 'Severity.Label':
          return SEVERITY_RANK[severityOf(item)];
        case 'CreatedAt':
        case 'FirstObservedAt':
          return item.record.firstObservedAt;
        case 'Title':
          return item.kind === 'vulnerability'
            ? findingView(s, item.record).title
            : controlIds(s, item.record).title;
        case 'ResourceId':
          return item.record.resourceId;
        default:
          return item.record.updatedAt;
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

  /** A control finding in ASFF, as Security Hub writes it (consolidated control findings off). */
  controlAsff(r: ControlFindingRecord) {
    const s = this.scenario;
    const standard = STANDARDS[r.standard];
    const { id, generatorId, controlId, title } = controlIds(s, r);
    const label = controlLabel(r);
    const url = `https://docs.aws.amazon.com/console/securityhub/${r.control.securityControlId}/remediation`;
    const guide =
      r.standard === 'cis'
        ? {
            StandardsGuideArn: standard.arn,
            StandardsGuideSubscriptionArn: `arn:aws:securityhub:${s.region}:${s.accountId}:${standard.subscription}`,
            RuleId: controlId,
          }
        : {
            StandardsArn: standard.arn,
            StandardsSubscriptionArn: `arn:aws:securityhub:${s.region}:${s.accountId}:${standard.subscription}`,
            ControlId: controlId,
          };
    return {
      SchemaVersion: '2018-10-08',
      Id: id,
      ProductArn: SECURITYHUB_PRODUCT_ARN(s.region),
      ProductName: 'Security Hub',
      CompanyName: 'AWS',
      Region: s.region,
      GeneratorId: generatorId,
      AwsAccountId: s.accountId,
      Types: [standard.type],
      FirstObservedAt: iso(r.firstObservedAt),
      LastObservedAt: iso(r.updatedAt),
      CreatedAt: iso(r.firstObservedAt),
      UpdatedAt: iso(r.updatedAt),
      Severity: {
        Label: label,
        Normalized: NORMALIZED_BY_LABEL[label],
        Original: r.control.severity,
      },
      Title: title,
      Description: `This control checks: ${r.control.title}.`,
      Remediation: {
        Recommendation: {
          Text: 'For directions on how to correct this issue, consult the AWS Security Hub controls documentation.',
          Url: url,
        },
      },
      ProductFields: {
        ...guide,
        RecommendationUrl: url,
        ...(r.control.configRule
          ? {
              'RelatedAWSResources:0/name': r.control.configRule,
              'RelatedAWSResources:0/type': 'AWS::Config::ConfigRule',
            }
          : {}),
        StandardsControlArn: `arn:aws:securityhub:${s.region}:${
          s.accountId
        }:control/${standard.subscription.replace(
          /^subscription\//,
          '',
        )}/${controlId}`,
        'aws/securityhub/ProductName': 'Security Hub',
        'aws/securityhub/CompanyName': 'AWS',
        'Resources:0/Id': r.resourceId,
        'aws/securityhub/FindingId': `${SECURITYHUB_PRODUCT_ARN(
          s.region,
        )}/${id}`,
      },
      Resources: [
        {
          Type: r.resourceType,
          Id: r.resourceId,
          Partition: 'aws',
          Region: s.region,
          ...(r.resourceTags ? { Tags: r.resourceTags } : {}),
        },
      ],
      Compliance: {
        Status: r.status,
        ...(r.status === 'NOT_AVAILABLE'
          ? {
              StatusReasons: [
                {
                  ReasonCode: 'CONFIG_EVALUATIONS_EMPTY',
                  Description:
                    'AWS Config evaluated your resources based on the rule. The rule did not apply to the AWS resources in its scope, the specified resources were deleted, or the evaluation results were deleted.',
                },
              ],
            }
          : {}),
        SecurityControlId: r.control.securityControlId,
        AssociatedStandards: [{ StandardsId: standard.id }],
      },
      WorkflowState: controlWorkflowState(r),
      Workflow: { Status: r.workflowStatus },
      RecordState: r.recordState,
      FindingProviderFields: {
        Severity: { Label: label, Original: r.control.severity },
        Types: [standard.type],
      },
      ProcessedAt: iso(r.updatedAt + 60_000),
    };
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
                IamInstanceProfileArn: `arn:aws:iam::${
                  s.accountId
                }:instance-profile/KarpenterNodeInstanceProfile-${
                  v.resourceTags['eks:cluster-name'] ?? 'prod'
                }`,
                LaunchedAt: iso(r.firstObservedAt),
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
          Text: 'None Provided',
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
          VulnerablePackages: v.packages.map(p => ({
            Name: p.name,
            Version: p.version,
            Epoch: String(p.epoch),
            ...(p.release ? { Release: p.release } : {}),
            PackageManager: p.packageManager,
            ...(p.filePath ? { FilePath: p.filePath } : {}),
            ...(p.fixedInVersion ? { FixedInVersion: p.fixedInVersion } : {}),
            ...(p.remediation ? { Remediation: p.remediation } : {}),
          })),
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
          FixAvailable: fixAvailable(v.packages),
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
