import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  PlatformSim,
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
  SIM_KUBERNETES_TOKEN,
  Scenario,
  startedDeploys,
} from '@internal/platform-sim';

/**
 * Stands in for the Kubernetes backend's `/proxy` route (which Pier's own tests cover in
 * packages/backend): forwards GETs to the simulated cluster named by `Backstage-Kubernetes-Cluster`.
 */
export async function startKubernetesProxy(sim: PlatformSim) {
  const server = http.createServer(async (req, res) => {
    const cluster = req.headers['backstage-kubernetes-cluster'] as
      | 'prod'
      | 'nonprod';
    const target = sim.urls.kubernetes[cluster];
    const path = (req.url ?? '').replace(/^\/api\/kubernetes\/proxy/, '');
    if (!target || !req.url?.startsWith('/api/kubernetes/proxy/')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const upstream = await fetch(`${target}${path}`, {
        headers: { authorization: `Bearer ${SIM_KUBERNETES_TOKEN}` },
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    discovery: mockServices.discovery.mock({
      getBaseUrl: async (pluginId: string) => `${url}/api/${pluginId}`,
    }),
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Backstage config that points the plugin at platform-sim, with the simulator's static keys. */
export function simConfig(
  sim: PlatformSim,
  extra: Record<string, unknown> = {},
) {
  return {
    aws: {
      accounts: [
        {
          accountId: sim.scenario.accountId,
          accessKeyId: SIM_AWS_ACCESS_KEY_ID,
          secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
        },
      ],
    },
    securityFindings: {
      accounts: [
        { accountId: sim.scenario.accountId, regions: [sim.scenario.region] },
      ],
      endpoints: {
        securityHub: sim.urls.aws.securityhub,
        inspector2: sim.urls.aws.inspector2,
      },
      ...extra,
    },
  };
}

/**
 * What runs, per the scenario's deployment model (not its pods): per cluster, the release of the
 * last deploy (unless its image cannot be pulled), and the previous one while a rollout is stuck
 * (Progressing or crash-looping keeps the old ReplicaSet up). A crash-looping image was pulled, so it
 * counts as deployed.
 */
export function deployedDigests(scenario: Scenario) {
  const out = new Map<string, Set<string>>();
  for (const service of scenario.services) {
    for (const cluster of ['prod', 'nonprod'] as const) {
      for (const d of startedDeploys(service, cluster)) {
        const digest = `sha256:${service.releases[d.releaseIndex].digest}`;
        out.set(digest, (out.get(digest) ?? new Set()).add(cluster));
      }
    }
  }
  return out;
}

export function databaseOf(knex: Knex) {
  return { getClient: async () => knex } as any;
}
