import { ResponseError } from '@backstage/errors';
import { KUBERNETES_ID_ANNOTATION } from '@internal/catalog-annotations';

/** One workload's (or idle capacity's) allocation on one day, as OpenCost reports it. */
export interface DailyAllocation {
  day: string;
  namespace?: string;
  kubernetesId?: string;
  idle: boolean;
  /** OpenCost's cost at its own (list) prices: used only as a share of the day. */
  totalCost: number;
  cpuCoreHours: number;
  cpuUsageCoreHours: number;
}

export type OpenCostReader = (
  cluster: string,
  start: string,
  end: string,
) => Promise<DailyAllocation[]>;

/** OpenCost `/allocation/compute`, one set per day, aggregated by cluster, namespace and kubernetes-id label. */
export function createOpenCostReader(options: {
  baseUrls: Record<string, string>;
  timeoutMs: number;
}): OpenCostReader {
  return async (cluster, start, end) => {
    const base = options.baseUrls[cluster];
    if (!base) return [];
    const params = new URLSearchParams({
      window: `${start}T00:00:00Z,${end}T00:00:00Z`,
      step: '1d',
      aggregate: `cluster,namespace,label:${KUBERNETES_ID_ANNOTATION}`,
    });
    const res = await fetch(
      `${base.replace(/\/+$/, '')}/allocation/compute?${params}`,
      {
        signal: AbortSignal.timeout(options.timeoutMs),
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = (await res.json()) as { data?: Array<Record<string, any>> };
    if (!Array.isArray(body.data)) {
      throw new Error('OpenCost returned no allocation sets');
    }
    const out: DailyAllocation[] = [];
    for (const set of body.data) {
      for (const [name, a] of Object.entries(set ?? {})) {
        if (!a || typeof a.totalCost !== 'number') continue;
        const props = a.properties ?? {};
        if (props.cluster && props.cluster !== cluster) continue;
        const idle = name.endsWith('__idle__');
        if (!idle && !name.startsWith(`${cluster}/`)) continue;
        const [, namespace, id] = name.split('/');
        out.push({
          day: String(a.window?.start ?? a.start).slice(0, 10),
          namespace: idle ? undefined : namespace,
          kubernetesId:
            idle || !id || id === '__unallocated__' ? undefined : id,
          idle,
          totalCost: a.totalCost,
          cpuCoreHours: a.cpuCoreHours ?? 0,
          cpuUsageCoreHours:
            (a.cpuCoreUsageAverage ?? 0) * ((a.minutes ?? 0) / 60),
        });
      }
    }
    return out;
  };
}
