import {
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { Server } from 'node:http';
import {
  SIM_ARGOCD_PASSWORD,
  SIM_ARGOCD_TOKEN,
  SIM_ARGOCD_USERNAME,
} from '../credentials';
import { Scenario } from '../scenario';
import {
  ArgoApplication,
  ArgoInstanceState,
  buildArgoInstance,
} from '../scenario/argocd';
import { ClusterState, K8sObject } from '../scenario/kubernetes';
import { ClusterName } from '../scenario/types';
import { FaultRegistry } from './faults';
import {
  ErrorShaper,
  SimRequest,
  SimResponse,
  bearerToken,
  createUpstreamServer,
  json,
  parseJsonBody,
} from './http';
import { matchesLabels, parseLabelSelector } from './labelSelector';

const GRPC_CODES: Record<number, number> = {
  400: 3, // InvalidArgument
  401: 16, // Unauthenticated
  403: 7, // PermissionDenied
  404: 5, // NotFound
  409: 6, // AlreadyExists
  429: 8, // ResourceExhausted
  500: 13, // Internal
  501: 12, // Unimplemented
  503: 14, // Unavailable
  504: 4, // DeadlineExceeded
};

/** Argo CD's error body: `{error, code, message}` with a gRPC code. */
export function argoError(
  status: number,
  message: string,
  headers?: Record<string, string | number>,
): SimResponse {
  return json(
    status,
    { error: message, code: GRPC_CODES[status] ?? 2, message },
    headers,
  );
}

export const argoErrors: ErrorShaper = {
  error: (status, message) => argoError(status, message),
  throttle: retryAfter =>
    argoError(429, 'too many requests', { 'retry-after': retryAfter }),
};

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const notFound = (name: string) =>
  argoError(404, `applications.argoproj.io "${name}" not found`);

/** Serves the Argo CD API of one cluster's instance. */
export class ArgoCdApi {
  readonly state: ArgoInstanceState;
  private readonly sessions = new Set<string>();

  constructor(
    private readonly scenario: Scenario,
    readonly cluster: ClusterName,
    private readonly kube: ClusterState,
  ) {
    this.state = buildArgoInstance(scenario, cluster);
  }

  /** Who is calling: the admin (sim token or a session), a local account's API token, or nobody. */
  private caller(req: SimRequest): string | undefined {
    let token = bearerToken(req);
    if (!token) {
      const cookie = /(?:^|;\s*)argocd\.token=([^;]+)/.exec(
        req.headers.cookie ?? '',
      );
      token = cookie?.[1];
    }
    if (!token) return undefined;
    if (token === SIM_ARGOCD_TOKEN || this.sessions.has(token)) {
      return SIM_ARGOCD_USERNAME;
    }
    return this.verifyAccountToken(token);
  }

  /**
   * Local accounts with the apiKey capability (`accounts.<name>: apiKey` in argocd-cm) and their
   * role (argocd-rbac-cm): `pier` is `role:pier-readonly` (`applications, get, *\/*, allow`).
   */
  private static readonly ACCOUNTS: Record<string, 'readonly'> = {
    pier: 'readonly',
  };
  private readonly signingKey = randomBytes(32);

  /** An API token as Argo CD issues it: an HS256 JWT, `sub: <account>:apiKey`, `iss: argocd`. */
  issueAccountToken(account: string, now = Date.now()): string {
    const seconds = Math.floor(now / 1000);
    const enc = (o: object) =>
      Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({
      iss: 'argocd',
      sub: `${account}:apiKey`,
      nbf: seconds,
      iat: seconds,
      jti: randomUUID(),
    })}`;
    return `${head}.${createHmac('sha256', this.signingKey)
      .update(head)
      .digest('base64url')}`;
  }

  private verifyAccountToken(token: string): string | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(
      createHmac('sha256', this.signingKey)
        .update(`${parts[0]}.${parts[1]}`)
        .digest('base64url'),
    );
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return undefined;
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
      const m = /^([a-z0-9-]+):apiKey$/.exec(claims.sub ?? '');
      if (claims.iss !== 'argocd' || !m || !ArgoCdApi.ACCOUNTS[m[1]])
        return undefined;
      if (claims.exp && claims.exp * 1000 <= Date.now()) return undefined;
      return m[1];
    } catch {
      return undefined;
    }
  }

  handle = (req: SimRequest): SimResponse => {
    const path = req.path.replace(/\/+$/, '');
    if (path === '/api/version') {
      return json(200, {
        Version: 'v3.0.0+e98f483',
        BuildDate: '2025-05-06T11:20:53Z',
        GitCommit: 'e98f483bfd5781df2592fef1aeed1148f150d9c9',
        GitTreeState: 'clean',
        GoVersion: 'go1.24.1',
        Compiler: 'gc',
        Platform: 'linux/amd64',
      });
    }
    if (path === '/api/v1/session' && req.method === 'POST') {
      return this.login(req);
    }
    const caller = this.caller(req);
    if (!caller) {
      return argoError(
        401,
        req.headers.authorization
          ? 'invalid session: token signature is invalid'
          : 'no session information',
      );
    }
    if (path === '/api/v1/session/userinfo') {
      return json(200, {
        loggedIn: true,
        username: caller,
        iss: 'argocd',
      });
    }
    const account = /^\/api\/v1\/account\/([^/]+)\/token$/.exec(path);
    if (account && req.method === 'POST') {
      const name = decodeURIComponent(account[1]);
      if (caller !== SIM_ARGOCD_USERNAME) {
        return argoError(
          403,
          `permission denied: accounts, update, ${name}, sub: ${caller}`,
        );
      }
      if (!ArgoCdApi.ACCOUNTS[name]) {
        return argoError(404, `account '${name}' does not exist`);
      }
      return json(200, { token: this.issueAccountToken(name) });
    }
    if (caller !== SIM_ARGOCD_USERNAME && req.method !== 'GET') {
      // role:pier-readonly: applications, get only.
      return argoError(
        403,
        `permission denied: applications, ${req.method.toLowerCase()}, ${path}, sub: ${caller}`,
      );
    }
    if (path === '/api/v1/applications') {
      if (req.method === 'GET') return this.listApps(req);
      if (req.method === 'POST') return this.createApp(req);
    }
    if (path === '/api/v1/projects' && req.method === 'GET') {
      return json(200, {
        metadata: {},
        items: this.projectNames().map(p => this.project(p)),
      });
    }
    let m = /^\/api\/v1\/projects\/([^/]+)$/.exec(path);
    if (m && req.method === 'GET') {
      const name = decodeURIComponent(m[1]);
      return this.projectNames().includes(name)
        ? json(200, this.project(name))
        : argoError(404, `appprojects.argoproj.io "${name}" not found`);
    }
    if (path === '/api/v1/clusters' && req.method === 'GET') {
      return json(200, {
        metadata: {},
        items: [
          {
            server: 'https://kubernetes.default.svc',
            name: 'in-cluster',
            connectionState: {
              status: 'Successful',
              attemptedAt: iso(this.scenario.now),
            },
            info: {
              serverVersion: '1.31+',
              applicationsCount: this.state.applications.length,
            },
          },
        ],
      });
    }
    m = /^\/api\/v1\/applications\/([^/]+)(\/.*)?$/.exec(path);
    if (!m) return argoError(404, `Not Found`);
    const name = decodeURIComponent(m[1]);
    const sub = m[2] ?? '';
    const app = this.state.applications.find(a => a.metadata.name === name);
    if (!app) {
      return req.method === 'PUT' && sub === ''
        ? this.createApp(req)
        : notFound(name);
    }
    if (sub === '') {
      if (req.method === 'GET') return json(200, app);
      if (req.method === 'PUT') return this.updateApp(req, app);
      if (req.method === 'DELETE') {
        this.state.applications.splice(this.state.applications.indexOf(app), 1);
        return json(200, {});
      }
    }
    if (sub === '/operation' && req.method === 'DELETE') {
      delete (app as { operation?: unknown }).operation;
      return json(200, {});
    }
    if (sub === '/sync' && req.method === 'POST') return this.sync(req, app);
    if (req.method !== 'GET')
      return argoError(501, `method ${req.method} not implemented`);
    const rev = /^\/revisions\/([^/]+)\/metadata$/.exec(sub);
    if (rev) {
      const meta = this.state.revisions.get(rev[1]);
      return meta
        ? json(200, meta)
        : argoError(
            404,
            `rpc error: code = NotFound desc = revision ${rev[1]} not found`,
          );
    }
    if (sub === '/resource-tree') return json(200, this.resourceTree(app));
    if (sub === '/managed-resources')
      return json(200, this.managedResources(app));
    return argoError(404, 'Not Found');
  };

  private login(req: SimRequest): SimResponse {
    let body: { username?: string; password?: string } | undefined;
    try {
      body = parseJsonBody(req);
    } catch {
      return argoError(400, 'invalid JSON body');
    }
    if (
      body?.username !== SIM_ARGOCD_USERNAME ||
      body?.password !== SIM_ARGOCD_PASSWORD
    ) {
      return argoError(401, 'Invalid username or password');
    }
    const token = `sim.${randomBytes(18).toString('base64url')}`;
    this.sessions.add(token);
    return json(200, { token });
  }

  private listApps(req: SimRequest): SimResponse {
    const params = req.url.searchParams;
    let selector;
    try {
      selector = parseLabelSelector(params.get('selector'));
    } catch (e) {
      return argoError(400, (e as Error).message);
    }
    const name = params.get('name');
    const projects = [
      ...params.getAll('projects'),
      ...params.getAll('project'),
    ];
    const items = this.state.applications.filter(
      a =>
        matchesLabels(selector, a.metadata.labels) &&
        (!name || a.metadata.name === name) &&
        (projects.length === 0 || projects.includes(a.spec.project)),
    );
    return json(200, { metadata: { resourceVersion: '123456' }, items });
  }

  private createApp(req: SimRequest): SimResponse {
    let body: any;
    try {
      body = parseJsonBody(req);
    } catch {
      return argoError(400, 'invalid JSON body');
    }
    const name = body?.metadata?.name;
    if (
      typeof name !== 'string' ||
      !body.spec?.destination ||
      !body.spec?.source
    ) {
      return argoError(
        400,
        'application spec is invalid: metadata.name, spec.source and spec.destination are required',
      );
    }
    if (this.state.applications.some(a => a.metadata.name === name)) {
      return argoError(
        409,
        `existing application spec is different, use upsert flag to force update`,
      );
    }
    const app: ArgoApplication = {
      metadata: {
        name,
        namespace: 'argocd',
        uid: `sim-${randomBytes(8).toString('hex')}`,
        resourceVersion: '1',
        generation: 1,
        creationTimestamp: iso(Date.now()),
        labels: body.metadata.labels ?? {},
      },
      spec: body.spec,
      status: {
        sync: {
          status: 'OutOfSync',
          comparedTo: {
            source: body.spec.source,
            destination: body.spec.destination,
          },
        },
        health: { status: 'Missing' },
        history: [],
        resources: [],
        summary: {},
      },
    };
    this.state.applications.push(app);
    return json(200, app);
  }

  private updateApp(req: SimRequest, app: ArgoApplication): SimResponse {
    let body: any;
    try {
      body = parseJsonBody(req);
    } catch {
      return argoError(400, 'invalid JSON body');
    }
    if (body?.spec) app.spec = body.spec;
    if (body?.metadata?.labels) app.metadata.labels = body.metadata.labels;
    app.metadata.generation += 1;
    return json(200, app);
  }

  private sync(req: SimRequest, app: ArgoApplication): SimResponse {
    const now = Date.now();
    const revision: string = app.status.sync.revision ?? 'HEAD';
    const history = app.status.history as any[];
    if (app.status.sync.status === 'OutOfSync') {
      history.push({
        id: (history[history.length - 1]?.id ?? 0) + 1,
        revision,
        deployedAt: iso(now),
        deployStartedAt: iso(now - 1000),
        source: app.spec.source,
        initiatedBy: { username: SIM_ARGOCD_USERNAME },
      });
      if (history.length > 10) history.shift();
      app.status.sync.status = 'Synced';
      for (const r of app.status.resources ?? []) r.status = 'Synced';
    }
    app.status.operationState = {
      ...app.status.operationState,
      operation: {
        sync: { revision },
        initiatedBy: { username: SIM_ARGOCD_USERNAME },
      },
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: iso(now - 1000),
      finishedAt: iso(now),
    };
    void req;
    return json(200, app);
  }

  private projectNames() {
    return [
      ...new Set(this.state.applications.map(a => a.spec.project as string)),
    ];
  }

  private project(name: string) {
    return {
      metadata: {
        name,
        namespace: 'argocd',
        uid: `project-${name}`,
        resourceVersion: '1',
      },
      spec: {
        description: `Applications of ${name}`,
        sourceRepos: ['*'],
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: name },
        ],
        clusterResourceWhitelist: [],
      },
      status: {},
    };
  }

  /** The live objects an app manages, with their ReplicaSets and Pods. */
  private liveObjects(app: ArgoApplication) {
    const ns = app.spec.destination?.namespace;
    const service = app.metadata.labels?.['backstage.io/kubernetes-id'];
    const out: Array<{ group: string; version: string; obj: K8sObject }> = [];
    for (const [key, list] of this.kube.objects) {
      const [group, version, plural] = key.split('/');
      if (group === 'metrics.k8s.io' || plural === 'nodes') continue;
      for (const obj of list) {
        if (obj.metadata.namespace !== ns) continue;
        const instance = obj.metadata.labels?.['argocd.argoproj.io/instance'];
        const owned =
          !!service &&
          (plural === 'replicasets' || plural === 'pods') &&
          obj.metadata.labels?.['app.kubernetes.io/name'] === service;
        if (instance === app.metadata.name || owned) {
          out.push({ group, version, obj });
        }
      }
    }
    return out;
  }

  private resourceTree(app: ArgoApplication) {
    const nodes = this.liveObjects(app).map(({ group, version, obj }) => {
      const status = obj.status as any;
      const kind = obj.kind;
      let health: { status: string; message?: string } | undefined;
      if (kind === 'Pod') {
        const cs = status?.containerStatuses?.[0];
        const waiting = cs?.state?.waiting;
        if (waiting) {
          health = {
            status: 'Degraded',
            message: waiting.message ?? waiting.reason,
          };
        } else {
          health = { status: cs?.ready ? 'Healthy' : 'Progressing' };
        }
      } else if (
        [
          'Deployment',
          'ReplicaSet',
          'Service',
          'Ingress',
          'HorizontalPodAutoscaler',
        ].includes(kind)
      ) {
        const appResource = (app.status.resources as any[]).find(
          r => r.kind === kind,
        );
        health = appResource?.health ?? { status: 'Healthy' };
      }
      const info: Array<{ name: string; value: string }> = [];
      if (kind === 'Pod') {
        const cs = status?.containerStatuses?.[0];
        info.push(
          {
            name: 'Status Reason',
            value: cs?.state?.waiting?.reason ?? status?.phase,
          },
          { name: 'Node', value: (obj.spec as any)?.nodeName },
          { name: 'Containers', value: `${cs?.ready ? 1 : 0}/1` },
        );
        if (cs?.restartCount)
          info.push({ name: 'Restart Count', value: String(cs.restartCount) });
      }
      if (kind === 'ReplicaSet' || kind === 'Deployment') {
        info.push({
          name: 'Revision',
          value: `Rev:${obj.metadata.annotations?.['deployment.kubernetes.io/revision']}`,
        });
      }
      return {
        ...(group ? { group } : {}),
        version,
        kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        createdAt: obj.metadata.creationTimestamp,
        ...(obj.metadata.ownerReferences
          ? {
              parentRefs: obj.metadata.ownerReferences.map((o: any) => ({
                group: 'apps',
                kind: o.kind,
                namespace: obj.metadata.namespace,
                name: o.name,
                uid: o.uid,
              })),
            }
          : {}),
        ...(info.length ? { info } : {}),
        ...(health ? { health } : {}),
        // Argo CD lists every init container's and container's image of a pod (controller/cache/info.go).
        ...(kind === 'Pod'
          ? {
              images: [
                ...new Set(
                  [
                    ...((obj.spec as any).initContainers ?? []),
                    ...(obj.spec as any).containers,
                  ].map((c: { image: string }) => c.image),
                ),
              ],
            }
          : {}),
      };
    });
    return { nodes };
  }

  private managedResources(app: ArgoApplication) {
    const live = this.liveObjects(app).filter(
      l =>
        l.obj.metadata.labels?.['argocd.argoproj.io/instance'] ===
        app.metadata.name,
    );
    return {
      items: live.map(({ group, obj }) => {
        const { status: _status, ...target } = obj as any;
        const targetState = {
          ...target,
          metadata: {
            name: obj.metadata.name,
            namespace: obj.metadata.namespace,
            labels: obj.metadata.labels,
            ...(obj.metadata.annotations
              ? { annotations: obj.metadata.annotations }
              : {}),
          },
        };
        return {
          group,
          kind: obj.kind,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name,
          targetState: JSON.stringify(targetState),
          liveState: JSON.stringify(obj),
          normalizedLiveState: JSON.stringify(obj),
          predictedLiveState: JSON.stringify(obj),
          hook: false,
          resourceVersion: obj.metadata.resourceVersion,
        };
      }),
    };
  }
}

export function createArgoCdServer(
  scenario: Scenario,
  cluster: ClusterName,
  kube: ClusterState,
  faults: FaultRegistry,
): { server: Server; api: ArgoCdApi } {
  const api = new ArgoCdApi(scenario, cluster, kube);
  const server = createUpstreamServer({
    id: `argocd.${cluster}`,
    faults,
    errors: argoErrors,
    handler: api.handle,
  });
  return { server, api };
}
