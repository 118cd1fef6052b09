import { Server } from 'node:http';
import { Scenario } from '../scenario';
import { FindingView, findingView, fixAvailable } from '../scenario/findings';
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

type StringFilter = { comparison?: string; value?: string };
type DateFilter = { startInclusive?: number; endInclusive?: number };
type NumberFilter = { lowerInclusive?: number; upperInclusive?: number };
type MapFilter = { comparison?: string; key?: string; value?: string };

const secs = (ms: number) => Math.floor(ms / 1000);

function status(v: FindingView): 'ACTIVE' | 'SUPPRESSED' | 'CLOSED' {
  if (v.record.recordState === 'ARCHIVED') return 'CLOSED';
  if (v.record.workflowStatus === 'SUPPRESSED') return 'SUPPRESSED';
  return 'ACTIVE';
}

const STRING_FIELDS: Record<
  string,
  (v: FindingView, s: Scenario) => Array<string | undefined>
> = {
  findingArn: v => [v.arn],
  awsAccountId: (_v, s) => [s.accountId],
  findingType: () => ['PACKAGE_VULNERABILITY'],
  severity: v => [v.record.severity],
  findingStatus: v => [status(v)],
  title: v => [v.title],
  resourceType: v => [
    v.record.resourceType === 'AwsEcrContainerImage'
      ? 'AWS_ECR_CONTAINER_IMAGE'
      : 'AWS_EC2_INSTANCE',
  ],
  resourceId: v => [v.record.resourceId],
  ecrImageRepositoryName: v => [v.image?.repositoryName],
  ecrImageHash: v => [v.image?.digest],
  ecrImageTags: v => v.image?.tags ?? [],
  ecrImageRegistry: (v, s) => [v.image ? s.accountId : undefined],
  ec2InstanceImageId: v => [v.instanceId ? 'ami-0f1a5f5ada0e7da53' : undefined],
  vulnerabilityId: v => [v.record.cve],
  vulnerabilitySource: () => ['NVD'],
  fixAvailable: v => [fixAvailable(v.packages)],
  exploitAvailable: () => ['NO'],
};

const DATE_FIELDS: Record<string, (v: FindingView) => number> = {
  firstObservedAt: v => v.record.firstObservedAt,
  lastObservedAt: v => v.record.updatedAt,
  updatedAt: v => v.record.updatedAt,
  ecrImagePushedAt: v => v.image?.pushedAt ?? 0,
};

function matchStrings(
  filters: StringFilter[],
  values: Array<string | undefined>,
) {
  const test = (f: StringFilter, v?: string) =>
    v !== undefined &&
    f.value !== undefined &&
    (f.comparison === 'PREFIX' ? v.startsWith(f.value) : v === f.value);
  const positive = filters.filter(f => f.comparison !== 'NOT_EQUALS');
  const negative = filters.filter(f => f.comparison === 'NOT_EQUALS');
  return (
    (positive.length === 0 ||
      positive.some(f => values.some(v => test(f, v)))) &&
    negative.every(f => !values.some(v => test(f, v)))
  );
}

/** Serves Inspector2 `ListFindings` (restJson1 `POST /findings/list`). */
export class Inspector2Api {
  private readonly cache = new ResultCache<number[]>(16);

  constructor(private readonly scenario: Scenario) {}

  handle = (req: SimRequest): SimResponse => {
    const authError = checkSigV4(req, 'restJson1', 'inspector2');
    if (authError) return authError;
    if (req.path === '/findings/list' && req.method === 'POST')
      return this.list(req);
    return awsError(
      'restJson1',
      404,
      'ResourceNotFoundException',
      `No route for ${req.method} ${req.path}`,
    );
  };

  private invalid(message: string) {
    return awsError('restJson1', 400, 'ValidationException', message);
  }

  private list(req: SimRequest): SimResponse {
    let body: any;
    try {
      body = parseJsonBody(req) ?? {};
    } catch {
      return this.invalid('Request body is not valid JSON');
    }
    const maxResults = body.maxResults ?? 50;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      return this.invalid(
        "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
      );
    }
    const criteria: Record<string, any[]> = body.filterCriteria ?? {};
    for (const [name, list] of Object.entries(criteria)) {
      if (!Array.isArray(list))
        return this.invalid(`filterCriteria.${name} must be a list`);
      if (list.length > 10)
        return this.invalid(
          `filterCriteria.${name} can contain at most 10 filters`,
        );
      if (
        !(name in STRING_FIELDS) &&
        !(name in DATE_FIELDS) &&
        name !== 'inspectorScore' &&
        name !== 'resourceTags'
      ) {
        return this.invalid(
          `filterCriteria.${name} is not supported by the simulator`,
        );
      }
    }
    const queryKey = JSON.stringify({
      f: criteria,
      s: body.sortCriteria ?? null,
    });
    let offset = 0;
    if (body.nextToken) {
      const decoded = decodeToken(body.nextToken, queryKey);
      if (decoded === undefined)
        return this.invalid('The nextToken is invalid');
      offset = decoded;
    }
    const indexes = this.cache.get(queryKey, () =>
      this.select(criteria, body.sortCriteria),
    );
    const page = indexes.slice(offset, offset + maxResults);
    const next =
      offset + maxResults < indexes.length ? offset + maxResults : undefined;
    return json(200, {
      findings: page.map(i =>
        this.finding(findingView(this.scenario, this.scenario.findings[i])),
      ),
      ...(next !== undefined ? { nextToken: encodeToken(queryKey, next) } : {}),
    });
  }

  private select(
    criteria: Record<string, any[]>,
    sort?: { field?: string; sortOrder?: string },
  ) {
    const s = this.scenario;
    const out: FindingView[] = [];
    for (const r of s.findings) {
      const v = findingView(s, r);
      const ok = Object.entries(criteria).every(([name, list]) => {
        if (name in DATE_FIELDS) {
          const t = secs(DATE_FIELDS[name](v));
          return (list as DateFilter[]).every(
            f =>
              (f.startInclusive === undefined || t >= f.startInclusive) &&
              (f.endInclusive === undefined || t <= f.endInclusive),
          );
        }
        if (name === 'inspectorScore') {
          return (list as NumberFilter[]).some(
            f =>
              (f.lowerInclusive === undefined || r.cvss >= f.lowerInclusive) &&
              (f.upperInclusive === undefined || r.cvss <= f.upperInclusive),
          );
        }
        if (name === 'resourceTags') {
          return (list as MapFilter[]).some(
            f => f.key !== undefined && v.resourceTags[f.key] === f.value,
          );
        }
        return matchStrings(list as StringFilter[], STRING_FIELDS[name](v, s));
      });
      if (ok) out.push(v);
    }
    const rank = {
      INFORMATIONAL: 0,
      LOW: 1,
      MEDIUM: 2,
      HIGH: 3,
      CRITICAL: 4,
    } as const;
    const field = sort?.field ?? 'LAST_OBSERVED_AT';
    const key = (v: FindingView): number | string => {
      switch (field) {
        case 'SEVERITY':
          return rank[v.record.severity];
        case 'INSPECTOR_SCORE':
          return v.record.cvss;
        case 'FIRST_OBSERVED_AT':
          return v.record.firstObservedAt;
        case 'ECR_IMAGE_REPOSITORY_NAME':
          return v.image?.repositoryName ?? '';
        case 'VULNERABILITY_ID':
          return v.record.cve;
        default:
          return v.record.updatedAt;
      }
    };
    const dir = sort?.sortOrder === 'ASC' ? 1 : -1;
    out.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
      return a.record.index - b.record.index;
    });
    return out.map(v => v.record.index);
  }

  private finding(v: FindingView) {
    const s = this.scenario;
    const r = v.record;
    const resource =
      r.resourceType === 'AwsEcrContainerImage'
        ? {
            type: 'AWS_ECR_CONTAINER_IMAGE',
            id: r.resourceId,
            partition: 'aws',
            region: s.region,
            tags: v.resourceTags,
            details: {
              awsEcrContainerImage: {
                registry: s.accountId,
                repositoryName: v.image!.repositoryName,
                imageHash: v.image!.digest,
                imageTags: v.image!.tags,
                architecture: v.image!.architecture,
                platform: 'DEBIAN_12',
                pushedAt: secs(v.image!.pushedAt),
              },
            },
          }
        : {
            type: 'AWS_EC2_INSTANCE',
            id: v.instanceId ?? r.resourceId,
            partition: 'aws',
            region: s.region,
            tags: v.resourceTags,
            details: {
              awsEc2Instance: {
                type: v.instanceType,
                imageId: 'ami-0f1a5f5ada0e7da53',
                launchedAt: secs(r.firstObservedAt),
                platform: 'AMAZON_LINUX_2023',
              },
            },
          };
    return {
      findingArn: v.arn,
      awsAccountId: s.accountId,
      type: 'PACKAGE_VULNERABILITY',
      title: v.title,
      description: v.description,
      severity: r.severity,
      status: status(v),
      firstObservedAt: secs(r.firstObservedAt),
      lastObservedAt: secs(r.updatedAt),
      updatedAt: secs(r.updatedAt),
      inspectorScore: r.cvss,
      inspectorScoreDetails: {
        adjustedCvss: {
          score: r.cvss,
          scoreSource: 'NVD',
          scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          version: '3.1',
          adjustments: [],
          cvssSource: 'NVD',
        },
      },
      remediation: { recommendation: { text: 'None Provided' } },
      resources: [resource],
      packageVulnerabilityDetails: {
        vulnerabilityId: r.cve,
        source: 'NVD',
        sourceUrl: `https://nvd.nist.gov/vuln/detail/${r.cve}`,
        vendorSeverity: r.severity,
        referenceUrls: [`https://nvd.nist.gov/vuln/detail/${r.cve}`],
        cvss: [
          {
            baseScore: r.cvss,
            scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
            source: 'NVD',
            version: '3.1',
          },
        ],
        vulnerablePackages: v.packages.map(p => ({
          name: p.name,
          version: p.version,
          epoch: p.epoch,
          ...(p.release ? { release: p.release } : {}),
          packageManager: p.packageManager,
          ...(p.filePath ? { filePath: p.filePath } : {}),
          ...(p.fixedInVersion ? { fixedInVersion: p.fixedInVersion } : {}),
          ...(p.remediation ? { remediation: p.remediation } : {}),
        })),
      },
      fixAvailable: fixAvailable(v.packages),
      exploitAvailable: 'NO',
    };
  }
}

export function createInspector2Server(
  scenario: Scenario,
  faults: FaultRegistry,
): { server: Server; api: Inspector2Api } {
  const api = new Inspector2Api(scenario);
  const server = createUpstreamServer({
    id: 'aws.inspector2',
    faults,
    errors: awsErrorShaper('restJson1', 'ThrottlingException'),
    handler: api.handle,
  });
  return { server, api };
}
