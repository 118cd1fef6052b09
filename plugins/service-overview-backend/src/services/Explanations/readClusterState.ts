import { KubernetesGet } from '@internal/backend-kubernetes-proxy';
import { requireList } from '@internal/backend-answer-guard';
import {
  ArgoApplication,
  KubeObject,
  KubernetesObjects,
  ServiceClusterState,
} from '@internal/platform-explanations';

/** What is known about the service before anything is read. */
export interface ServiceTarget {
  service: string;
  cluster: string;
  /** `backstage.io/kubernetes-id`: the label value its objects carry. */
  kubernetesId: string;
  namespace: string;
  sourceLocation?: string;
}

/** Reads the service's Argo CD application in one cluster (undefined: none). */
export type ArgoAppGet = (
  cluster: string,
  app: { name: string; namespace?: string },
) => Promise<ArgoApplication | undefined>;

/** Lines of a pod's log read for the explanations (the crash-loop one quotes the last). */
const LOG_TAIL_LINES = 20;
/** Events listed per namespace at most: a busy namespace keeps hundreds. */
const EVENT_LIMIT = 500;

type Lists = Required<
  Pick<
    KubernetesObjects,
    | 'deployments'
    | 'replicasets'
    | 'pods'
    | 'externalsecrets'
    | 'certificates'
    | 'poddisruptionbudgets'
    | 'podmetrics'
  >
>;

/** The service's own objects: every list selected by its `backstage.io/kubernetes-id` label. */
const SCOPED: Record<keyof Lists, string> = {
  deployments: '/apis/apps/v1',
  replicasets: '/apis/apps/v1',
  pods: '/api/v1',
  externalsecrets: '/apis/external-secrets.io/v1beta1',
  certificates: '/apis/cert-manager.io/v1',
  poddisruptionbudgets: '/apis/policy/v1',
  podmetrics: '/apis/metrics.k8s.io/v1beta1',
};

const PLURAL: Record<keyof Lists, string> = {
  deployments: 'deployments',
  replicasets: 'replicasets',
  pods: 'pods',
  externalsecrets: 'externalsecrets',
  certificates: 'certificates',
  poddisruptionbudgets: 'poddisruptionbudgets',
  podmetrics: 'pods',
};

/** Custom resources a cluster may not have installed: a 404 there means "none", not a failure. */
const OPTIONAL: ReadonlySet<keyof Lists> = new Set([
  'externalsecrets',
  'certificates',
  'podmetrics',
]);

const isNotFound = (e: unknown) => (e as any)?.response?.status === 404;

/** A pod worth reading the log of: a container waiting, restarted or not ready. */
function troubled(pod: KubeObject): boolean {
  return (pod.status?.containerStatuses ?? []).some(
    (c: any) => c.state?.waiting || c.restartCount > 0 || c.ready === false,
  );
}

/**
 * Reads one service's state in one cluster the way `explain` takes it: its objects through the
 * Kubernetes backend's proxy (selected by the `backstage.io/kubernetes-id` label), the events of
 * its namespace and of the nodes its pods run on, the log tail of the pods in trouble, and its
 * Argo CD application. A list the API server answers without `items` fails the read (no answer is
 * not "nothing wrong"); a custom resource the cluster does not serve is an empty list.
 */
export function createClusterStateReader(options: {
  kubernetes: KubernetesGet;
  argoApp: ArgoAppGet;
}) {
  const { kubernetes } = options;

  async function list(
    cluster: string,
    path: string,
    what: string,
  ): Promise<KubeObject[]> {
    return requireList<KubeObject>(
      await kubernetes(cluster, path),
      'items',
      `Kubernetes ${cluster} ${what}`,
    );
  }

  async function scoped(target: ServiceTarget, key: keyof Lists) {
    const selector = encodeURIComponent(
      `backstage.io/kubernetes-id=${target.kubernetesId}`,
    );
    const path = `${SCOPED[key]}/namespaces/${target.namespace}/${PLURAL[key]}?labelSelector=${selector}`;
    try {
      return await list(target.cluster, path, key);
    } catch (e) {
      if (OPTIONAL.has(key) && isNotFound(e)) return [];
      throw e;
    }
  }

  async function optional(cluster: string, path: string, what: string) {
    try {
      return await list(cluster, path, what);
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  }

  async function nodesAndEvents(cluster: string, pods: KubeObject[]) {
    const names = [
      ...new Set(pods.map(p => p.spec?.nodeName).filter(Boolean)),
    ] as string[];
    const [nodes, events] = await Promise.all([
      Promise.all(names.map(n => kubernetes(cluster, `/api/v1/nodes/${n}`))),
      Promise.all(
        names.map(n =>
          list(
            cluster,
            `/api/v1/events?fieldSelector=${encodeURIComponent(
              `involvedObject.kind=Node,involvedObject.name=${n}`,
            )}`,
            `events of node ${n}`,
          ),
        ),
      ),
    ]);
    return { nodes: nodes as KubeObject[], events: events.flat() };
  }

  async function logs(target: ServiceTarget, pods: KubeObject[]) {
    const read = pods.filter(troubled).map(async pod => {
      const name = pod.metadata?.name ?? '';
      try {
        const text: string = await kubernetes(
          target.cluster,
          `/api/v1/namespaces/${target.namespace}/pods/${name}/log?tailLines=${LOG_TAIL_LINES}`,
          { text: true },
        );
        return [[name, text] as const];
      } catch {
        return []; // a container that never started has no log: nothing to quote
      }
    });
    return Object.fromEntries((await Promise.all(read)).flat());
  }

  async function namespaceObjects(target: ServiceTarget) {
    const { cluster, namespace } = target;
    const peer = (ns: string) =>
      optional(
        cluster,
        `/apis/security.istio.io/v1/namespaces/${ns}/peerauthentications`,
        `peerauthentications of ${ns}`,
      );
    const [events, inNamespace, meshRoot, ns] = await Promise.all([
      list(
        cluster,
        `/api/v1/namespaces/${namespace}/events?limit=${EVENT_LIMIT}`,
        `events of ${namespace}`,
      ),
      peer(namespace),
      peer('istio-system'),
      kubernetes(cluster, `/api/v1/namespaces/${namespace}`),
    ]);
    return {
      events,
      peerauthentications: [...inNamespace, ...meshRoot],
      namespaces: [ns as KubeObject],
    };
  }

  return async (
    target: ServiceTarget,
    app: { name: string; namespace?: string } | undefined,
  ): Promise<ServiceClusterState> => {
    const keys = Object.keys(SCOPED) as Array<keyof Lists>;
    const [lists, ns, argocd] = await Promise.all([
      Promise.all(keys.map(k => scoped(target, k))),
      namespaceObjects(target),
      app ? options.argoApp(target.cluster, app) : undefined,
    ]);
    const objects = Object.fromEntries(
      keys.map((k, i) => [k, lists[i]]),
    ) as Lists;
    const [nodes, podLogs] = await Promise.all([
      nodesAndEvents(target.cluster, objects.pods),
      logs(target, objects.pods),
    ]);
    return {
      service: target.service,
      cluster: target.cluster,
      namespace: target.namespace,
      ...(target.sourceLocation
        ? { sourceLocation: target.sourceLocation }
        : {}),
      kubernetes: {
        ...objects,
        ...ns,
        events: [...ns.events, ...nodes.events],
        nodes: nodes.nodes,
      },
      logs: podLogs,
      ...(argocd ? { argocd } : {}),
    };
  };
}

/** Reads one cluster's state of a service. */
export type ClusterStateReader = ReturnType<typeof createClusterStateReader>;
