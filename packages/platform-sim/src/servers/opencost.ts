import { Server } from 'node:http';
import { Scenario } from '../scenario';
import { nodeRates } from '../scenario/costs';
import { CLUSTER_SETUPS } from '../scenario/constants';
import { ClusterState } from '../scenario/kubernetes';
import { CLUSTER_NAMES, ClusterName, NodeLifetime } from '../scenario/types';
import { FaultRegistry, keepShare } from './faults';
import {
  ErrorShaper,
  SimRequest,
  SimResponse,
  createUpstreamServer,
  json,
} from './http';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GiB = 1024 ** 3;

export const opencostErrors: ErrorShaper = {
  error: (status, message) =>
    json(status, { code: status, status: 'error', message }),
  throttle: retryAfter =>
    json(
      429,
      { code: 429, status: 'error', message: 'too many requests' },
      { 'retry-after': retryAfter },
    ),
};

/** One pod's steady allocation, derived from the cluster state. */
interface PodSlot {
  cluster: ClusterName;
  namespace: string;
  pod: string;
  controller: string;
  controllerKind: string;
  node: string;
  labels: Record<string, string>;
  cpuCores: number;
  ramBytes: number;
  cpuRate: number; // USD per core-hour
  ramRate: number; // USD per GiB-hour
  usage: number; // share of request used
  from: number;
}

function parseCpu(v: string): number {
  if (v.endsWith('m')) return Number(v.slice(0, -1)) / 1000;
  return Number(v);
}
function parseMem(v: string): number {
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(v);
  if (!m) return 0;
  const mult = { Ki: 1024, Mi: 1024 ** 2, Gi: GiB }[m[2] as 'Ki'] ?? 1;
  return Number(m[1]) * mult;
}

/** Parses an OpenCost window relative to `now`; returns [start, end) in ms. */
export function parseWindow(
  window: string,
  now: number,
): [number, number] | undefined {
  const today = Math.floor(now / DAY) * DAY;
  let m = /^(\d+)(m|h|d|w)$/.exec(window);
  if (m) {
    const unit = { m: 60_000, h: HOUR, d: DAY, w: 7 * DAY }[m[2] as 'h'];
    return [now - Number(m[1]) * unit, now];
  }
  switch (window) {
    case 'today':
      return [today, now];
    case 'yesterday':
      return [today - DAY, today];
    case 'week': {
      const dow = new Date(today).getUTCDay();
      return [today - dow * DAY, now];
    }
    case 'lastweek': {
      const dow = new Date(today).getUTCDay();
      return [today - (dow + 7) * DAY, today - dow * DAY];
    }
    case 'month': {
      const d = new Date(today);
      return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), now];
    }
    default:
      break;
  }
  m = /^([^,]+),([^,]+)$/.exec(window);
  if (m) {
    const parse = (s: string) =>
      /^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s);
    const a = parse(m[1]);
    const b = parse(m[2]);
    if (Number.isFinite(a) && Number.isFinite(b) && b > a) return [a, b];
  }
  return undefined;
}

function parseDuration(step: string): number | undefined {
  const m = /^(\d+)(m|h|d|w)$/.exec(step);
  if (!m) return undefined;
  return Number(m[1]) * { m: 60_000, h: HOUR, d: DAY, w: 7 * DAY }[m[2] as 'h'];
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Serves OpenCost's `/allocation/compute` from the scenario's pods and nodes. */
export class OpenCostApi {
  private readonly pods: PodSlot[] = [];
  private readonly nodes: NodeLifetime[];

  constructor(
    private readonly scenario: Scenario,
    clusters: Map<ClusterName, ClusterState>,
  ) {
    this.nodes = scenario.nodeHistory;
    for (const cluster of CLUSTER_NAMES) {
      const state = clusters.get(cluster);
      if (!state) continue;
      const byName = new Map(scenario.nodes[cluster].map(n => [n.name, n]));
      for (const pod of state.objects.get('/v1/pods') ?? []) {
        const spec = pod.spec as any;
        const container = spec.containers[0];
        const node = byName.get(spec.nodeName);
        const rates = node
          ? nodeRates(node.instanceType, node.region)
          : nodeRates('m6i.large', CLUSTER_SETUPS[cluster].region);
        const service = scenario.serviceByName.get(
          pod.metadata.labels?.['app.kubernetes.io/name'] ?? '',
        );
        const running = (pod.status as any).containerStatuses?.[0]?.state
          ?.running;
        this.pods.push({
          cluster,
          namespace: pod.metadata.namespace!,
          pod: pod.metadata.name,
          controller: service?.name ?? pod.metadata.name,
          controllerKind: 'deployment',
          node: spec.nodeName,
          labels: pod.metadata.labels ?? {},
          cpuCores: parseCpu(container.resources.requests.cpu),
          ramBytes: parseMem(container.resources.requests.memory),
          cpuRate: rates.cpuPerCoreHour,
          ramRate: rates.ramPerGiBHour / GiB,
          usage: running
            ? 0.35 +
              (pod.metadata.name.charCodeAt(pod.metadata.name.length - 1) %
                40) /
                100
            : 0,
          from: Math.max(
            service?.createdAt ?? scenario.start,
            scenario.start - 400 * DAY,
          ),
        });
      }
    }
  }

  handle = (req: SimRequest): SimResponse => {
    const path = req.path.replace(/\/+$/, '');
    if (path === '/healthz') return { status: 200, body: 'ok' };
    if (path !== '/allocation/compute' && path !== '/allocation') {
      return json(404, {
        code: 404,
        status: 'error',
        message: `unknown path ${path}`,
      });
    }
    const q = req.url.searchParams;
    const windowParam = q.get('window');
    if (!windowParam) {
      return json(400, {
        code: 400,
        status: 'error',
        message: "Missing parameter 'window'",
      });
    }
    const window = parseWindow(windowParam, this.scenario.now);
    if (!window) {
      return json(400, {
        code: 400,
        status: 'error',
        message: `Invalid window: ${windowParam}`,
      });
    }
    const stepParam = q.get('step');
    const step = stepParam ? parseDuration(stepParam) : window[1] - window[0];
    if (!step) {
      return json(400, {
        code: 400,
        status: 'error',
        message: `Invalid step: ${stepParam}`,
      });
    }
    const aggregate = (q.get('aggregate') ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    for (const a of aggregate) {
      if (
        ![
          'cluster',
          'namespace',
          'controller',
          'controllerKind',
          'pod',
          'node',
          'service',
        ].includes(a) &&
        !a.startsWith('label:')
      ) {
        return json(400, {
          code: 400,
          status: 'error',
          message: `Invalid aggregation: ${a}`,
        });
      }
    }
    const accumulate = q.get('accumulate') === 'true';
    const steps: Array<[number, number]> = [];
    for (let t = window[0]; t < window[1]; t += step) {
      steps.push([t, Math.min(t + step, window[1])]);
      if (steps.length > 2000) {
        return json(400, {
          code: 400,
          status: 'error',
          message: 'window/step produce too many steps',
        });
      }
    }
    const sets = steps.map(([s, e]) => this.allocationSet(s, e, aggregate));
    const data = accumulate ? [this.accumulate(sets, window)] : sets;
    return json(200, { code: 200, status: 'success', data });
  };

  private key(p: PodSlot, aggregate: string[]): string {
    if (aggregate.length === 0)
      return `${p.cluster}/${p.node}/${p.namespace}/${p.pod}/${p.controller}`;
    return aggregate
      .map(a => {
        if (a.startsWith('label:')) {
          const k = a.slice(6).replace(/[./-]/g, '_');
          const entry = Object.entries(p.labels).find(
            ([lk]) => lk.replace(/[./-]/g, '_') === k,
          );
          return entry ? entry[1] : '__unallocated__';
        }
        switch (a) {
          case 'cluster':
            return p.cluster;
          case 'namespace':
            return p.namespace;
          case 'controller':
            return `${p.controllerKind}:${p.controller}`;
          case 'controllerKind':
            return p.controllerKind;
          case 'pod':
            return p.pod;
          case 'node':
            return p.node;
          case 'service':
            return p.controller;
          default:
            return '__unallocated__';
        }
      })
      .join('/');
  }

  private emptyAllocation(
    name: string,
    start: number,
    end: number,
    properties: Record<string, unknown>,
  ) {
    return {
      name,
      properties,
      window: { start: iso(start), end: iso(end) },
      start: iso(start),
      end: iso(end),
      minutes: 0,
      cpuCores: 0,
      cpuCoreRequestAverage: 0,
      cpuCoreUsageAverage: 0,
      cpuCoreHours: 0,
      cpuCost: 0,
      cpuCostAdjustment: 0,
      cpuEfficiency: 0,
      gpuCount: 0,
      gpuHours: 0,
      gpuCost: 0,
      gpuCostAdjustment: 0,
      networkTransferBytes: 0,
      networkReceiveBytes: 0,
      networkCost: 0,
      networkCostAdjustment: 0,
      loadBalancerCost: 0,
      loadBalancerCostAdjustment: 0,
      pvBytes: 0,
      pvByteHours: 0,
      pvCost: 0,
      pvs: null,
      pvCostAdjustment: 0,
      ramBytes: 0,
      ramByteRequestAverage: 0,
      ramByteUsageAverage: 0,
      ramByteHours: 0,
      ramCost: 0,
      ramCostAdjustment: 0,
      ramEfficiency: 0,
      sharedCost: 0,
      externalCost: 0,
      totalCost: 0,
      totalEfficiency: 0,
      rawAllocationOnly: null,
    };
  }

  private allocationSet(start: number, end: number, aggregate: string[]) {
    type Alloc = ReturnType<OpenCostApi['emptyAllocation']> & {
      _usedCpuH: number;
      _usedRamBH: number;
    };
    const out: Record<string, Alloc> = {};
    const windowHours = (end - start) / HOUR;
    for (const p of this.pods) {
      const from = Math.max(start, p.from);
      const to = Math.min(end, this.scenario.now);
      if (to <= from) continue;
      const hours = (to - from) / HOUR;
      const key = this.key(p, aggregate);
      let a = out[key];
      if (!a) {
        const properties: Record<string, unknown> = {
          cluster: p.cluster,
          namespace: p.namespace,
          controller: p.controller,
          controllerKind: p.controllerKind,
          labels: p.labels,
        };
        if (aggregate.length === 0 || aggregate.includes('pod')) {
          properties.pod = p.pod;
          properties.node = p.node;
        }
        a = {
          ...this.emptyAllocation(key, start, end, properties),
          _usedCpuH: 0,
          _usedRamBH: 0,
        };
        out[key] = a;
      } else {
        const props = a.properties as Record<string, unknown>;
        for (const k of [
          'cluster',
          'namespace',
          'controller',
          'controllerKind',
        ]) {
          if (props[k] !== undefined && props[k] !== (p as any)[k])
            delete props[k];
        }
      }
      a.minutes = Math.max(a.minutes, hours * 60);
      a.cpuCoreHours += p.cpuCores * hours;
      a.ramByteHours += p.ramBytes * hours;
      a.cpuCost += p.cpuCores * hours * p.cpuRate;
      a.ramCost += p.ramBytes * hours * p.ramRate;
      a._usedCpuH += p.cpuCores * hours * p.usage;
      a._usedRamBH += p.ramBytes * hours * (p.usage + 0.2);
    }
    for (const a of Object.values(out)) {
      a.cpuCores = a.cpuCoreHours / windowHours;
      a.cpuCoreRequestAverage = a.cpuCores;
      a.cpuCoreUsageAverage = a._usedCpuH / windowHours;
      a.ramBytes = a.ramByteHours / windowHours;
      a.ramByteRequestAverage = a.ramBytes;
      a.ramByteUsageAverage = a._usedRamBH / windowHours;
      a.cpuEfficiency = a.cpuCoreHours ? a._usedCpuH / a.cpuCoreHours : 0;
      a.ramEfficiency = a.ramByteHours ? a._usedRamBH / a.ramByteHours : 0;
      a.totalCost = a.cpuCost + a.ramCost;
      a.totalEfficiency = a.totalCost
        ? (a.cpuCost * a.cpuEfficiency + a.ramCost * a.ramEfficiency) /
          a.totalCost
        : 0;
    }
    const result: Record<string, unknown> = {};
    for (const [k, a] of Object.entries(out)) {
      const { _usedCpuH: _c, _usedRamBH: _r, ...rest } = a;
      result[k] = rest;
    }
    // Idle: what the nodes cost (list price) minus what pods requested. Like OpenCost, one idle
    // allocation per cluster (`<cluster>/__idle__`) when aggregating by cluster, else one in all.
    const byCluster = aggregate.includes('cluster');
    const idles = byCluster
      ? CLUSTER_NAMES.map(c => this.idle(start, end, [c], `${c}/__idle__`))
      : [this.idle(start, end, CLUSTER_NAMES, '__idle__')];
    for (const idle of idles) {
      const cluster = byCluster ? (idle.properties as any).cluster : undefined;
      const allocs = Object.values(out).filter(
        a =>
          !cluster ||
          (a.properties as Record<string, unknown>).cluster === cluster,
      );
      for (const a of allocs) {
        idle.cpuCost -= a.cpuCost;
        idle.ramCost -= a.ramCost;
        idle.cpuCoreHours -= a.cpuCoreHours;
        idle.ramByteHours -= a.ramByteHours;
      }
      idle.cpuCost = Math.max(0, idle.cpuCost);
      idle.ramCost = Math.max(0, idle.ramCost);
      idle.cpuCoreHours = Math.max(0, idle.cpuCoreHours);
      idle.ramByteHours = Math.max(0, idle.ramByteHours);
      idle.cpuCores = idle.cpuCoreHours / windowHours;
      idle.ramBytes = idle.ramByteHours / windowHours;
      idle.totalCost = idle.cpuCost + idle.ramCost;
      if (idle.totalCost > 0) result[idle.name] = idle;
    }
    return result;
  }

  /** Node capacity (list price) of some clusters over a window, before subtracting allocations. */
  private idle(
    start: number,
    end: number,
    clusters: readonly ClusterName[],
    name: string,
  ) {
    const idle = this.emptyAllocation(
      name,
      start,
      end,
      clusters.length === 1 ? { cluster: clusters[0] } : {},
    );
    for (const n of this.nodes) {
      if (!clusters.includes(n.cluster)) continue;
      const from = Math.max(start, n.createdAt);
      const to = Math.min(end, n.deletedAt ?? this.scenario.now);
      if (to <= from) continue;
      const hours = (to - from) / HOUR;
      const r = nodeRates(n.instanceType, n.region);
      idle.cpuCost += r.vcpu * r.cpuPerCoreHour * hours;
      idle.ramCost += r.memoryGiB * r.ramPerGiBHour * hours;
      idle.cpuCoreHours += r.vcpu * hours;
      idle.ramByteHours += r.memoryGiB * GiB * hours;
      idle.minutes = Math.max(idle.minutes, hours * 60);
    }
    return idle;
  }

  private accumulate(
    sets: Array<Record<string, any>>,
    window: [number, number],
  ) {
    const out: Record<string, any> = {};
    const hours = (window[1] - window[0]) / HOUR;
    for (const set of sets) {
      for (const [k, a] of Object.entries(set)) {
        const acc = out[k];
        if (!acc) {
          out[k] = {
            ...a,
            window: { start: iso(window[0]), end: iso(window[1]) },
            start: iso(window[0]),
            end: iso(window[1]),
          };
          continue;
        }
        for (const f of [
          'cpuCoreHours',
          'cpuCost',
          'ramByteHours',
          'ramCost',
          'totalCost',
          'minutes',
          'pvCost',
          'networkCost',
          'loadBalancerCost',
          'sharedCost',
          'externalCost',
          'gpuCost',
        ]) {
          acc[f] += a[f];
        }
      }
    }
    for (const a of Object.values(out)) {
      a.cpuCores = a.cpuCoreHours / hours;
      a.cpuCoreRequestAverage = a.cpuCores;
      a.ramBytes = a.ramByteHours / hours;
      a.ramByteRequestAverage = a.ramBytes;
    }
    return out;
  }
}

export function createOpenCostServer(
  scenario: Scenario,
  clusters: Map<ClusterName, ClusterState>,
  faults: FaultRegistry,
): { server: Server; api: OpenCostApi } {
  const api = new OpenCostApi(scenario, clusters);
  const server = createUpstreamServer({
    id: 'opencost',
    faults,
    errors: opencostErrors,
    handler: api.handle,
    dropFromAnswer: dropAllocations,
  });
  return { server, api };
}

/**
 * A `dropFraction` answer of `/allocation/compute`: every allocation set (one per step) keeps its
 * share of the workloads' allocations; idle capacity stays, as OpenCost reports it whatever it lost.
 */
function dropAllocations(body: any, fraction: number): unknown {
  if (!Array.isArray(body?.data)) return body;
  return {
    ...body,
    data: body.data.map((set: Record<string, unknown> | null) => {
      if (!set || typeof set !== 'object') return set;
      const entries = Object.entries(set);
      const idle = entries.filter(([name]) => name.endsWith('__idle__'));
      const workloads = entries.filter(([name]) => !name.endsWith('__idle__'));
      return Object.fromEntries([
        ...keepShare(workloads, 1 - fraction),
        ...idle,
      ]);
    }),
  };
}
