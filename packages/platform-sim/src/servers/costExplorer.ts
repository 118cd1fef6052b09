import { Server } from 'node:http';
import { Scenario } from '../scenario';
import { CostLine, costLines } from '../scenario/costs';
import { awsError, awsErrorShaper, checkSigV4 } from './aws';
import { FaultRegistry, dropFromLists } from './faults';
import {
  SimRequest,
  SimResponse,
  createUpstreamServer,
  json,
  parseJsonBody,
} from './http';

const TARGET_PREFIX = 'AWSInsightsIndexService.';
const DIMENSIONS = [
  'SERVICE',
  'PURCHASE_TYPE',
  'INSTANCE_TYPE',
  'INSTANCE_TYPE_FAMILY',
  'USAGE_TYPE',
  'REGION',
  'AZ',
  'LINKED_ACCOUNT',
  'OPERATING_SYSTEM',
  'PLATFORM',
  'RECORD_TYPE',
];
const COST_METRICS = [
  'BlendedCost',
  'UnblendedCost',
  'AmortizedCost',
  'NetUnblendedCost',
  'NetAmortizedCost',
];
const USAGE_METRICS = ['UsageQuantity', 'NormalizedUsageAmount'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Expression {
  Dimensions?: { Key?: string; Values?: string[]; MatchOptions?: string[] };
  Tags?: { Key?: string; Values?: string[]; MatchOptions?: string[] };
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
}

function matches(expr: Expression | undefined, line: CostLine): boolean {
  if (!expr) return true;
  if (expr.And) return expr.And.every(e => matches(e, line));
  if (expr.Or) return expr.Or.some(e => matches(e, line));
  if (expr.Not) return !matches(expr.Not, line);
  const test = (
    value: string | undefined,
    f: { Values?: string[]; MatchOptions?: string[] },
  ) => {
    const opts = f.MatchOptions ?? ['EQUALS'];
    if (opts.includes('ABSENT')) return value === undefined;
    const values = f.Values ?? [];
    if (value === undefined) return false;
    return values.some(v => {
      if (opts.includes('STARTS_WITH')) return value.startsWith(v);
      if (opts.includes('CONTAINS')) return value.includes(v);
      if (opts.includes('CASE_INSENSITIVE')) {
        return value.toLowerCase() === v.toLowerCase();
      }
      return value === v;
    });
  };
  if (expr.Dimensions)
    return test(line.dimensions[expr.Dimensions.Key ?? ''], expr.Dimensions);
  if (expr.Tags) return test(line.tags[expr.Tags.Key ?? ''], expr.Tags);
  return true;
}

const fmtDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Serves Cost Explorer (awsJson1_1, `X-Amz-Target: AWSInsightsIndexService.*`). */
export class CostExplorerApi {
  private readonly lines: CostLine[];

  constructor(private readonly scenario: Scenario) {
    this.lines = costLines(scenario);
  }

  handle = (req: SimRequest): SimResponse => {
    const authError = checkSigV4(req, 'awsJson1_1', 'ce');
    if (authError) return authError;
    const target = String(req.headers['x-amz-target'] ?? '');
    if (
      req.method !== 'POST' ||
      req.path !== '/' ||
      !target.startsWith(TARGET_PREFIX)
    ) {
      return awsError(
        'awsJson1_1',
        400,
        'UnknownOperationException',
        `Unknown operation ${target}`,
      );
    }
    let body: any;
    try {
      body = parseJsonBody(req) ?? {};
    } catch {
      return awsError(
        'awsJson1_1',
        400,
        'SerializationException',
        'Request body is not valid JSON',
      );
    }
    const operation = target.slice(TARGET_PREFIX.length);
    const respond = (status: number, payload: unknown) =>
      json(status, payload, { 'content-type': 'application/x-amz-json-1.1' });
    switch (operation) {
      case 'GetCostAndUsage':
        return this.getCostAndUsage(body, respond);
      case 'GetDimensionValues':
        return this.getDimensionValues(body, respond);
      case 'GetTags':
        return this.getTags(body, respond);
      default:
        return awsError(
          'awsJson1_1',
          400,
          'UnknownOperationException',
          `Operation ${operation} is not supported by the simulator`,
        );
    }
  };

  private invalid(message: string) {
    return awsError('awsJson1_1', 400, 'ValidationException', message);
  }

  private period(body: any): { start: number; end: number } | SimResponse {
    const start = Date.parse(body.TimePeriod?.Start ?? '');
    const end = Date.parse(body.TimePeriod?.End ?? '');
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      return this.invalid(
        'TimePeriod.Start and TimePeriod.End are required (YYYY-MM-DD)',
      );
    }
    if (end <= start)
      return this.invalid(
        'Start date (inclusive) must be earlier than end date (exclusive)',
      );
    if (start < this.scenario.now - 400 * DAY) {
      return awsError(
        'awsJson1_1',
        400,
        'DataUnavailableException',
        'Data is not available for the requested time period.',
      );
    }
    return { start, end };
  }

  private getCostAndUsage(
    body: any,
    respond: (s: number, p: unknown) => SimResponse,
  ): SimResponse {
    const period = this.period(body);
    if ('status' in period) return period;
    const granularity = body.Granularity ?? 'MONTHLY';
    if (!['DAILY', 'MONTHLY', 'HOURLY'].includes(granularity)) {
      return this.invalid(`Granularity ${granularity} is invalid`);
    }
    const metrics: string[] = body.Metrics ?? [];
    if (metrics.length === 0) return this.invalid('Metrics is required');
    const unknownMetric = metrics.find(
      m => !COST_METRICS.includes(m) && !USAGE_METRICS.includes(m),
    );
    if (unknownMetric)
      return this.invalid(`Metric ${unknownMetric} is invalid`);
    const groupBy: Array<{ Type?: string; Key?: string }> = body.GroupBy ?? [];
    if (groupBy.length > 2)
      return this.invalid('GroupBy can have at most two elements');
    for (const g of groupBy) {
      if (g.Type === 'DIMENSION' && !DIMENSIONS.includes(g.Key ?? '')) {
        return this.invalid(
          `Group Definition dimension is invalid. Valid values are ${DIMENSIONS.join(
            ', ',
          )}`,
        );
      }
      if (g.Type !== 'DIMENSION' && g.Type !== 'TAG') {
        return this.invalid(
          `Group Definition type ${g.Type} is not supported by the simulator`,
        );
      }
    }
    const buckets: Array<[number, number]> = [];
    for (let t = period.start; t < period.end; ) {
      let next: number;
      if (granularity === 'HOURLY') next = t + HOUR;
      else if (granularity === 'DAILY') next = t + DAY;
      else {
        const d = new Date(t);
        next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      }
      buckets.push([t, Math.min(next, period.end)]);
      t = next;
      if (buckets.length > 5000) return this.invalid('Too many time buckets');
    }
    const lines = this.lines.filter(l => matches(body.Filter, l));
    const key = (l: CostLine) =>
      groupBy.map(g =>
        g.Type === 'TAG'
          ? `${g.Key}$${l.tags[g.Key!] ?? ''}`
          : l.dimensions[g.Key!] ?? `No${g.Key}`,
      );
    const amount = (cost: number, hours: number) =>
      Object.fromEntries(
        metrics.map(m => [
          m,
          COST_METRICS.includes(m)
            ? {
                Amount: cost.toFixed(10).replace(/0+$/, '').replace(/\.$/, ''),
                Unit: 'USD',
              }
            : {
                Amount: hours.toFixed(6).replace(/0+$/, '').replace(/\.$/, ''),
                Unit: 'Hrs',
              },
        ]),
      );
    const fmt =
      granularity === 'HOURLY'
        ? (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
        : fmtDay;
    const ResultsByTime = buckets.map(([b0, b1]) => {
      const groups = new Map<
        string,
        { keys: string[]; cost: number; hours: number }
      >();
      let cost = 0;
      let hours = 0;
      for (const l of lines) {
        const overlap =
          Math.min(b1, l.to, this.scenario.now) - Math.max(b0, l.from);
        if (overlap <= 0) continue;
        const h = overlap / HOUR;
        cost += h * l.rate;
        hours += h;
        if (groupBy.length) {
          const k = key(l);
          const id = k.join('\u0000');
          const g = groups.get(id) ?? { keys: k, cost: 0, hours: 0 };
          g.cost += h * l.rate;
          g.hours += h;
          groups.set(id, g);
        }
      }
      return {
        TimePeriod: { Start: fmt(b0), End: fmt(b1) },
        Total: groupBy.length ? {} : amount(cost, hours),
        Groups: [...groups.values()]
          .sort((a, b) => a.keys.join().localeCompare(b.keys.join()))
          .map(g => ({ Keys: g.keys, Metrics: amount(g.cost, g.hours) })),
        Estimated: b1 > this.scenario.now - DAY,
      };
    });
    return respond(200, {
      GroupDefinitions: groupBy,
      ResultsByTime,
      DimensionValueAttributes: [],
    });
  }

  private getDimensionValues(
    body: any,
    respond: (s: number, p: unknown) => SimResponse,
  ): SimResponse {
    const period = this.period(body);
    if ('status' in period) return period;
    if (!DIMENSIONS.includes(body.Dimension))
      return this.invalid(`Dimension ${body.Dimension} is invalid`);
    const values = new Set<string>();
    for (const l of this.lines) {
      if (l.to > period.start && l.from < period.end)
        values.add(l.dimensions[body.Dimension]);
    }
    const list = [...values]
      .filter(v => !body.SearchString || v.includes(body.SearchString))
      .sort();
    return respond(200, {
      DimensionValues: list.map(Value => ({ Value, Attributes: {} })),
      ReturnSize: list.length,
      TotalSize: list.length,
    });
  }

  private getTags(
    body: any,
    respond: (s: number, p: unknown) => SimResponse,
  ): SimResponse {
    const period = this.period(body);
    if ('status' in period) return period;
    const values = new Set<string>();
    for (const l of this.lines) {
      if (l.to <= period.start || l.from >= period.end) continue;
      if (body.TagKey) {
        const v = l.tags[body.TagKey];
        if (v !== undefined) values.add(v);
      } else {
        Object.keys(l.tags).forEach(k => values.add(k));
      }
    }
    const list = [...values].sort();
    return respond(200, {
      Tags: list,
      ReturnSize: list.length,
      TotalSize: list.length,
    });
  }
}

export function createCostExplorerServer(
  scenario: Scenario,
  faults: FaultRegistry,
): { server: Server; api: CostExplorerApi } {
  const api = new CostExplorerApi(scenario);
  const server = createUpstreamServer({
    id: 'aws.costexplorer',
    faults,
    errors: awsErrorShaper('awsJson1_1', 'LimitExceededException'),
    handler: api.handle,
    // The billed days (and dimension values), not the echoed GroupDefinitions.
    dropFromAnswer: (body, fraction) =>
      dropFromLists(body, fraction, ['ResultsByTime', 'DimensionValues']),
  });
  return { server, api };
}
