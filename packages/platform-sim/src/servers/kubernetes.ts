import { Server } from 'node:http';
import { SIM_KUBERNETES_TOKEN } from '../credentials';
import { Scenario } from '../scenario';
import {
  ClusterState,
  K8sObject,
  RESOURCE_TYPES,
  ResourceType,
  buildClusterState,
  resourceKey,
} from '../scenario/kubernetes';
import { ClusterName } from '../scenario/types';
import { FaultRegistry } from './faults';
import {
  ErrorShaper,
  SimRequest,
  SimResponse,
  bearerToken,
  createUpstreamServer,
  json,
} from './http';
import { matchesLabels, parseLabelSelector } from './labelSelector';
import { verifyEksToken } from './sts';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A `kind: Status` failure as the API server sends it. */
export function k8sStatus(
  code: number,
  message: string,
  details?: Record<string, unknown>,
  headers?: Record<string, string | number>,
): SimResponse {
  return json(
    code,
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason: REASONS[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest'),
      ...(details ? { details } : {}),
      code,
    },
    headers,
  );
}

export const kubernetesErrors: ErrorShaper = {
  error: (status, message) => k8sStatus(status, message),
  throttle: retryAfter =>
    k8sStatus(
      429,
      'Too many requests, please try again later.',
      { retryAfterSeconds: retryAfter },
      { 'retry-after': retryAfter },
    ),
};

const groupVersion = (t: Pick<ResourceType, 'group' | 'version'>) =>
  t.group ? `${t.group}/${t.version}` : t.version;

function fieldValue(object: K8sObject, field: string): string | undefined {
  let current: any = object;
  for (const part of field.split('.')) {
    current = current?.[part];
  }
  return current === undefined ? undefined : String(current);
}

function parseFieldSelector(input: string | null) {
  if (!input) return [];
  return input.split(',').map(part => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!m) throw new Error(`invalid field selector "${part}"`);
    return { field: m[1], negate: m[2] === '!=', value: m[3] };
  });
}

function stripTypeMeta(object: K8sObject) {
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
}

/** Serves the Kubernetes API of one cluster from the scenario. */
export class KubernetesApi {
  readonly state: ClusterState;
  private readonly types = new Map<string, ResourceType>();
  private readonly resourceVersion: string;

  constructor(scenario: Scenario, readonly cluster: ClusterName) {
    this.state = buildClusterState(scenario, cluster);
    // Only what this cluster serves (its Karpenter CRDs are v1 or v1alpha5, never both).
    for (const t of RESOURCE_TYPES) {
      const key = resourceKey(t.group, t.version, t.plural);
      if (this.state.objects.has(key)) this.types.set(key, t);
    }
    let max = 0;
    for (const list of this.state.objects.values()) {
      for (const o of list)
        max = Math.max(max, Number(o.metadata.resourceVersion));
    }
    this.resourceVersion = String(max);
  }

  handle = (req: SimRequest): SimResponse => {
    const path = req.path.replace(/\/+$/, '') || '/';
    if (['/version', '/healthz', '/livez', '/readyz'].includes(path)) {
      return path === '/version'
        ? json(200, {
            major: '1',
            minor: '31+',
            gitVersion: 'v1.31.2-eks-7f9249a',
            gitCommit: '7f9249a42ba2a12cbcfcc1d7b2e3faa2a5e6ebcb',
            gitTreeState: 'clean',
            buildDate: '2024-11-06T20:22:57Z',
            goVersion: 'go1.22.8',
            compiler: 'gc',
            platform: 'linux/amd64',
          })
        : { status: 200, body: 'ok' };
    }
    // The sim's service-account token (local config), or an EKS token (production's `aws`
    // auth provider: a presigned STS GetCallerIdentity URL for this cluster).
    const token = bearerToken(req);
    if (token !== SIM_KUBERNETES_TOKEN) {
      if (!token?.startsWith('k8s-aws-v1.')) {
        return k8sStatus(401, 'Unauthorized');
      }
      const eks = verifyEksToken(token, this.cluster);
      if (!eks.ok) return k8sStatus(401, `Unauthorized: ${eks.reason}`);
    }
    if (req.method !== 'GET') {
      return k8sStatus(
        405,
        `the server does not allow this method on the requested resource`,
      );
    }
    const segments = path.split('/').filter(Boolean);
    if (path === '/api') {
      return json(200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' },
        ],
      });
    }
    if (path === '/apis') return json(200, this.groupList());
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 2) {
      group = '';
      version = segments[1];
      rest = segments.slice(2);
    } else if (segments[0] === 'apis' && segments.length >= 3) {
      group = segments[1];
      version = segments[2];
      rest = segments.slice(3);
    } else {
      return k8sStatus(404, 'the server could not find the requested resource');
    }
    if (rest.length === 0) return this.resourceList(group, version);

    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, sub] = rest;
    const type = this.types.get(resourceKey(group, version, plural));
    if (!type || rest.length > 3 || (namespace && !type.namespaced)) {
      return k8sStatus(404, 'the server could not find the requested resource');
    }
    const items = this.state.objects.get(resourceKey(group, version, plural))!;
    if (name) {
      const object = items.find(
        o =>
          o.metadata.name === name &&
          (!type.namespaced || o.metadata.namespace === namespace),
      );
      if (!object) {
        return k8sStatus(
          404,
          `${plural}${group ? `.${group}` : ''} "${name}" not found`,
          {
            name,
            ...(group ? { group } : {}),
            kind: plural,
          },
        );
      }
      if (sub === 'log' && plural === 'pods') {
        return {
          status: 200,
          body: `${this.state.logs.get(`${namespace}/${name}`) ?? ''}\n`,
        };
      }
      if (sub && sub !== 'status') {
        return k8sStatus(
          404,
          'the server could not find the requested resource',
        );
      }
      return json(200, object);
    }
    return this.list(req, type, items, namespace);
  };

  private list(
    req: SimRequest,
    type: ResourceType,
    items: K8sObject[],
    namespace: string | undefined,
  ): SimResponse {
    let labelSelector;
    let fieldSelector;
    try {
      labelSelector = parseLabelSelector(
        req.url.searchParams.get('labelSelector'),
      );
      fieldSelector = parseFieldSelector(
        req.url.searchParams.get('fieldSelector'),
      );
    } catch (e) {
      return k8sStatus(
        400,
        `unable to parse requirement: ${(e as Error).message}`,
      );
    }
    const filtered = items.filter(
      o =>
        (!namespace || o.metadata.namespace === namespace) &&
        matchesLabels(labelSelector, o.metadata.labels) &&
        fieldSelector.every(
          f => (fieldValue(o, f.field) === f.value) !== f.negate,
        ),
    );
    const gv = groupVersion(type);
    if (
      req.url.searchParams.get('watch') === 'true' ||
      req.url.searchParams.get('watch') === '1'
    ) {
      return this.watch(req, type, filtered);
    }
    const limit = Number(req.url.searchParams.get('limit') ?? 0);
    let offset = 0;
    const token = req.url.searchParams.get('continue');
    if (token) {
      const parsed = Number(Buffer.from(token, 'base64url').toString('utf8'));
      if (!Number.isInteger(parsed) || parsed < 0) {
        return k8sStatus(
          410,
          'The provided continue parameter is too old to display a consistent list result.',
        );
      }
      offset = parsed;
    }
    const page =
      limit > 0
        ? filtered.slice(offset, offset + limit)
        : filtered.slice(offset);
    const next =
      limit > 0 && offset + limit < filtered.length
        ? offset + limit
        : undefined;
    return json(200, {
      apiVersion: gv,
      kind: `${type.kind}List`,
      metadata: {
        resourceVersion: this.resourceVersion,
        ...(next !== undefined
          ? {
              continue: Buffer.from(String(next)).toString('base64url'),
              remainingItemCount: filtered.length - next,
            }
          : {}),
      },
      items: page.map(stripTypeMeta),
    });
  }

  private watch(
    req: SimRequest,
    type: ResourceType,
    items: K8sObject[],
  ): SimResponse {
    const timeout = Math.min(
      Number(req.url.searchParams.get('timeoutSeconds') ?? 300),
      1800,
    );
    return {
      status: 200,
      stream: (res, raw) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        });
        for (const object of items) {
          res.write(`${JSON.stringify({ type: 'ADDED', object })}\n`);
        }
        if (req.url.searchParams.get('allowWatchBookmarks') === 'true') {
          res.write(
            `${JSON.stringify({
              type: 'BOOKMARK',
              object: {
                kind: type.kind,
                apiVersion: groupVersion(type),
                metadata: { resourceVersion: this.resourceVersion },
              },
            })}\n`,
          );
        }
        const timer = setTimeout(() => res.end(), timeout * 1000);
        raw.on('close', () => clearTimeout(timer));
      },
    };
  }

  private groupList() {
    const groups = new Map<string, Set<string>>();
    for (const t of this.types.values()) {
      if (!t.group) continue;
      if (!groups.has(t.group)) groups.set(t.group, new Set());
      groups.get(t.group)!.add(t.version);
    }
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => {
        const list = [...versions].map(v => ({
          groupVersion: `${name}/${v}`,
          version: v,
        }));
        return { name, versions: list, preferredVersion: list[0] };
      }),
    };
  }

  private resourceList(group: string, version: string): SimResponse {
    const resources = [...this.types.values()].filter(
      t => t.group === group && t.version === version,
    );
    if (resources.length === 0) {
      return k8sStatus(404, 'the server could not find the requested resource');
    }
    return json(200, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: groupVersion({ group, version }),
      resources: resources.map(t => ({
        name: t.plural,
        singularName: t.kind.toLowerCase(),
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'list', 'watch'],
      })),
    });
  }
}

export function createKubernetesServer(
  scenario: Scenario,
  cluster: ClusterName,
  faults: FaultRegistry,
): { server: Server; api: KubernetesApi } {
  const api = new KubernetesApi(scenario, cluster);
  const server = createUpstreamServer({
    id: `kubernetes.${cluster}`,
    faults,
    errors: kubernetesErrors,
    handler: api.handle,
  });
  return { server, api };
}
