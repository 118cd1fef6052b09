// Tests only: the live examples come from the simulator (a node library), never the shipped code.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  PlatformSim,
  SIM_ARGOCD_TOKEN,
  SIM_KUBERNETES_TOKEN,
  deriveCatalogEntities,
} from '@internal/platform-sim';
import { KubeObject, ServiceClusterState } from '../types';

/**
 * Reads one service's state in one cluster from a running platform-sim, over HTTP, the way Pier's
 * backends read the real upstreams: the catalog entity's annotations name the Kubernetes id,
 * namespace and Argo CD selector; everything else is a GET.
 */
export async function readLiveState(
  sim: PlatformSim,
  service: string,
  cluster: 'prod' | 'nonprod',
): Promise<ServiceClusterState> {
  const entity = deriveCatalogEntities(sim.scenario).find(
    e => e.kind === 'Component' && e.metadata.name === service,
  );
  if (!entity) throw new Error(`no catalog entity ${service}`);
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations['backstage.io/kubernetes-id'];
  const ns = annotations['backstage.io/kubernetes-namespace'];
  const selector = `labelSelector=${encodeURIComponent(
    `backstage.io/kubernetes-id=${id}`,
  )}`;
  const k8s = (path: string) =>
    get(`${sim.urls.kubernetes[cluster]}${path}`, SIM_KUBERNETES_TOKEN);
  const items = async (path: string): Promise<KubeObject[]> =>
    (await k8s(path)).items;
  const scoped = (prefix: string, plural: string) =>
    items(`${prefix}/namespaces/${ns}/${plural}?${selector}`);

  const pods = await scoped('/api/v1', 'pods');
  const nodeNames = [
    ...new Set(pods.map(p => p.spec?.nodeName).filter(Boolean)),
  ] as string[];
  const nodeEvents = await Promise.all(
    nodeNames.map(n =>
      items(
        `/api/v1/events?fieldSelector=${encodeURIComponent(
          `involvedObject.kind=Node,involvedObject.name=${n}`,
        )}`,
      ),
    ),
  );
  const logs = Object.fromEntries(
    await Promise.all(
      pods.map(async p => {
        const name = p.metadata!.name!;
        const text = await getText(
          `${sim.urls.kubernetes[cluster]}/api/v1/namespaces/${ns}/pods/${name}/log?tailLines=20`,
          SIM_KUBERNETES_TOKEN,
        );
        return [name, text] as const;
      }),
    ),
  );
  const apps = await get(
    `${
      sim.urls.argocd[cluster]
    }/api/v1/applications?selector=${encodeURIComponent(
      annotations['argocd/app-selector'],
    )}`,
    SIM_ARGOCD_TOKEN,
  );
  return {
    service,
    cluster,
    namespace: ns,
    kubernetes: {
      deployments: await scoped('/apis/apps/v1', 'deployments'),
      replicasets: await scoped('/apis/apps/v1', 'replicasets'),
      pods,
      events: [
        ...(await items(`/api/v1/namespaces/${ns}/events`)),
        ...nodeEvents.flat(),
      ],
      nodes: await Promise.all(nodeNames.map(n => k8s(`/api/v1/nodes/${n}`))),
      externalsecrets: await scoped(
        '/apis/external-secrets.io/v1beta1',
        'externalsecrets',
      ),
      certificates: await scoped('/apis/cert-manager.io/v1', 'certificates'),
      poddisruptionbudgets: await scoped(
        '/apis/policy/v1',
        'poddisruptionbudgets',
      ),
      peerauthentications: [
        ...(await items(
          `/apis/security.istio.io/v1/namespaces/${ns}/peerauthentications`,
        )),
        ...(await items(
          `/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications`,
        )),
      ],
      namespaces: [await k8s(`/api/v1/namespaces/${ns}`)],
      podmetrics: await scoped('/apis/metrics.k8s.io/v1beta1', 'pods'),
    },
    logs,
    argocd: apps.items?.[0],
  };
}

async function get(url: string, token: string): Promise<any> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

async function getText(url: string, token: string): Promise<string> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.text();
}
