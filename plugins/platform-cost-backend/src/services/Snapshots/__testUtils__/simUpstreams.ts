import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
  startPlatformSim,
} from '@internal/platform-sim';
import { KubernetesGet } from '@internal/backend-kubernetes-proxy';
import { createCostExplorerReader, createOpenCostReader } from '../../Billing';
import { serviceDirectoryFrom } from '../../Catalog';
import { createCostReports } from '../../Dashboard';
import { PriceBook } from '../../Prices';
import { Knex } from 'knex';

/**
 * The snapshotter's upstreams as the plugin reads them (its own readers, the AWS SDK), pointed at
 * a running platform-sim: for tests that drive the snapshotter through the sim's faults.
 */
export function simUpstreams(
  sim: PlatformSim,
  options: { timeoutMs?: number; maxAttempts?: number } = {},
) {
  const get: KubernetesGet = async (cluster, path) => {
    const base = sim.urls.kubernetes[cluster as 'prod' | 'nonprod'];
    const res = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
    });
    if (!res.ok) throw new Error(`${cluster} ${path}: HTTP ${res.status}`);
    return res.json();
  };
  return {
    get,
    costExplorer: createCostExplorerReader({
      client: new CostExplorerClient({
        region: 'us-east-1',
        endpoint: sim.urls.aws.costexplorer,
        credentials: {
          accessKeyId: SIM_AWS_ACCESS_KEY_ID,
          secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
        },
        maxAttempts: options.maxAttempts,
        requestHandler: options.timeoutMs
          ? { requestTimeout: options.timeoutMs, throwOnRequestTimeout: true }
          : undefined,
      }),
      clusterTag: 'eks:cluster-name',
    }),
    openCost: createOpenCostReader({
      baseUrls: { prod: sim.urls.opencost, nonprod: sim.urls.opencost },
      timeoutMs: options.timeoutMs ?? 5000,
    }),
    directory: async () =>
      serviceDirectoryFrom(deriveCatalogEntities(sim.scenario) as any),
  };
}

/** The dashboards over both simulated clusters, at the test's clock. */
export function simReports(db: Knex, prices: PriceBook, now: () => number) {
  return createCostReports({
    db,
    clusters: ['prod', 'nonprod'],
    prices,
    spotRateSource: 'test',
    now,
  });
}

/**
 * platform-sim for tests that step the snapshotter forward by hours, on a steady clock: the most
 * recent 10:00 UTC that is not in the future. Started from the wall clock, a run near midnight
 * crossed into a new day and retention dropped the oldest day in the middle of a test.
 */
export function startSimOnSteadyClock(wallClock = Date.now()) {
  const day = 24 * 3_600_000;
  const tenUtc = Math.floor(wallClock / day) * day + 10 * 3_600_000;
  return startPlatformSim({
    ports: EPHEMERAL_PORTS,
    scenario: { now: new Date(tenUtc > wallClock ? tenUtc - day : tenUtc) },
  });
}
