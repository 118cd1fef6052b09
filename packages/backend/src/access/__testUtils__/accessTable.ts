/**
 * Every route Pier's backend mounts, what it answers without credentials (401 unless public, with
 * the reason) and, per persona, what it answers with credentials. routeSweep.test.ts walks the
 * routes actually mounted and fails on any route that is not here.
 *
 * Placeholders in request paths and bodies, filled in at run time from the catalog:
 * {own} = a Component owned by team-payments (the junior's and the lead's team),
 * {other} = a Component owned by team-checkout, {ownUid}/{otherUid} their uids.
 */
export type PersonaKey = 'junior' | 'reviewer' | 'lead' | 'platform';

export const PERSONA_USERS: Record<PersonaKey, string> = {
  junior: 'user:default/ana.silva', // team-payments, junior-developers
  reviewer: 'user:default/farid.haddad', // team-checkout, reviewers
  lead: 'user:default/grace.lee', // team-payments, leads
  platform: 'user:default/ivan.petrov', // platform-team
};

export type Expected = Record<PersonaKey, number>;

export interface Probe {
  /** Concrete path (default: the route's, each :param → x). */
  path?: string;
  body?: unknown;
  headers?: Record<string, string>;
  expect: Expected;
  /** Why a status other than 200/403 is the right answer here. */
  note?: string;
}

export interface RouteRow {
  /** `METHOD /path` as mounted (USE: middleware answering every method below the path). */
  route: string;
  /** Answers without credentials, and why that is right. */
  public?: string;
  /** Without credentials, when not 401 (and why). */
  unauthenticated?: number;
  /** Not in the persona matrix, and why (public sign-in flow, service-to-service only, …). */
  skip?: string;
  probes?: Probe[];
  /** Guarded on the spelling of the path: the matrix also sends every spelling variant. */
  spellings?: boolean;
}

const all = (status: number): Expected => ({
  junior: status,
  reviewer: status,
  lead: status,
  platform: status,
});
const only = (who: PersonaKey[], ok: number, denied = 403): Expected => ({
  junior: who.includes('junior') ? ok : denied,
  reviewer: who.includes('reviewer') ? ok : denied,
  lead: who.includes('lead') ? ok : denied,
  platform: who.includes('platform') ? ok : denied,
});
const SERVICE_ONLY =
  'service-to-service only (Backstage plugins call it with their own tokens): persons get 403';
const JWKS =
  "the plugin's public keys, so other services can verify its tokens (public by Backstage design)";

/** The per-plugin routes every plugin gets from Backstage's httpRouter and services. */
function pluginBasics(
  plugin: string,
  opts: {
    permissions?: boolean;
    actions?: boolean;
    /** The plugin's own actions, invoked as each persona (with the bogus-id probe). */
    actionProbes?: Probe[];
    scheduler?: boolean;
  },
): RouteRow[] {
  const base = `/api/${plugin}`;
  const rows: RouteRow[] = [
    {
      route: `GET ${base}/.backstage/auth/v1/jwks.json`,
      public: JWKS,
      skip: 'public keys',
    },
    {
      route: `GET ${base}/.backstage/auth/v1/cookie`,
      probes: [
        {
          expect: all(200),
          note: 'issues the cookie used for img/iframe requests',
        },
      ],
    },
    {
      route: `DELETE ${base}/.backstage/auth/v1/cookie`,
      probes: [{ expect: all(204) }],
    },
  ];
  if (opts.permissions) {
    rows.push(
      {
        route: `USE ${base}/.well-known/backstage/permissions/apply-conditions`,
        skip: SERVICE_ONLY,
      },
      {
        route: `GET ${base}/.well-known/backstage/permissions/metadata`,
        probes: [
          {
            expect: all(200),
            note: "the plugin's permission and rule names (no data)",
          },
        ],
      },
      {
        route: `POST ${base}/.well-known/backstage/permissions/apply-conditions`,
        probes: [{ body: { items: [] }, expect: all(403), note: SERVICE_ONLY }],
      },
    );
  }
  if (opts.actions) {
    rows.push(
      {
        route: `GET ${base}/.backstage/actions/v1/actions`,
        probes: [
          {
            expect: all(200),
            note: "the plugin's actions (names, schemas); an action runs with the caller's own credentials",
          },
        ],
      },
      {
        route: `GET ${base}/.backstage/actions/v1/status`,
        probes: [{ expect: all(403), note: SERVICE_ONLY }],
      },
      {
        route: `POST ${base}/.backstage/actions/v1/actions/:actionId/invoke`,
        probes: [
          {
            body: {},
            expect: all(404),
            note: "no such action; a real one runs with the caller's credentials",
          },
          ...(opts.actionProbes ?? []),
        ],
      },
      {
        route: `POST ${base}/.backstage/actions/v2/actions/:actionId/invoke`,
        probes: [
          {
            body: {},
            expect: all(404),
            note: "no such action; a real one runs with the caller's credentials",
          },
        ],
      },
    );
  }
  if (opts.scheduler) {
    rows.push(
      {
        route: `GET ${base}/.backstage/scheduler/v1/tasks`,
        probes: [{ expect: all(200), note: 'job ids and schedules (no data)' }],
      },
      {
        route: `POST ${base}/.backstage/scheduler/v1/tasks/:id/trigger`,
        spellings: true,
        unauthenticated: 403,
        probes: [
          {
            expect: all(403),
            note: 'refused for everyone by the root guard (jobs run on their schedule)',
          },
        ],
      },
      {
        route: `POST ${base}/.backstage/scheduler/v1/tasks/:id/cancel`,
        unauthenticated: 403,
        probes: [
          { expect: all(403), note: 'refused for everyone by the root guard' },
        ],
      },
    );
  }
  return rows;
}

/** Under /api/argocd the root guard refuses every non-GET before authentication, for everyone. */
function argoCdBasic(row: RouteRow): RouteRow {
  if (row.route.startsWith('DELETE')) {
    return {
      ...row,
      unauthenticated: 403,
      probes: [
        {
          expect: all(403),
          note: 'the root guard refuses every non-GET under /api/argocd, sign-out of its cookie included',
        },
      ],
    };
  }
  return row.route.startsWith('POST') ? { ...row, unauthenticated: 403 } : row;
}

const ARGO_MUTATION = {
  expect: all(403),
  note: 'a change is a commit to the GitOps repository',
};
const ARGO_UNAUTHENTICATED = 403; // refused for everyone by the root guard, before authentication

export const ACCESS_TABLE: RouteRow[] = [
  // ---- root
  {
    route: 'GET /.backstage/health/v1/readiness',
    public: 'load-balancer probe',
    skip: 'probe',
  },
  {
    route: 'GET /.backstage/health/v1/liveness',
    public: 'load-balancer probe',
    skip: 'probe',
  },
  {
    route: 'GET /.backstage/auth/v1/jwks.json',
    public: JWKS,
    skip: 'public keys',
  },
  {
    route: 'GET /.backstage/auth/v1/cookie',
    skip: "the app's cookie endpoint (needs a real Backstage token)",
  },
  {
    route: 'DELETE /.backstage/auth/v1/cookie',
    public:
      "the app's own cookie endpoint at the root (the app is served before sign-in)",
    skip: 'app shell',
  },
  {
    route: 'GET /*',
    public: 'the app (index.html): the sign-in page must load',
    skip: 'app shell',
  },
  {
    route: 'USE /api',
    public: "Backstage's 404 for unknown /api paths",
    skip: 'no route',
  },

  // ---- app
  ...pluginBasics('app', {}).map(r => ({
    ...r,
    public: r.route.startsWith('DELETE')
      ? "signing out of the app's cookie needs no token"
      : r.public,
    skip: 'app shell',
    probes: undefined,
  })),
  {
    route: 'GET /api/app/*',
    public: 'the app bundle and index.html: the sign-in page must load',
    skip: 'app shell',
  },

  // ---- auth
  ...pluginBasics('auth', { permissions: true, actions: true }).map(r => ({
    ...r,
    public:
      r.public ??
      (/cookie$|apply-conditions$|status$/.test(r.route) &&
      !r.route.startsWith('DELETE')
        ? undefined
        : 'the auth backend allows unauthenticated requests on its routes (sign-in starts without a token); each route still checks what it needs'),
    skip: r.skip ?? 'auth backend infrastructure',
    probes: undefined,
  })),
  {
    route: 'USE /api/auth(?:/([^/]+?))',
    public: 'the sign-in providers’ routers (sign-in flow)',
    skip: 'sign-in flow',
  },
  {
    route: 'GET /api/auth/oidc/start',
    public: 'starts sign-in',
    skip: 'sign-in flow',
  },
  {
    route: 'GET /api/auth/oidc/handler/frame',
    public: 'the IdP’s redirect back',
    skip: 'sign-in flow',
  },
  {
    route: 'POST /api/auth/oidc/handler/frame',
    public: 'the IdP’s redirect back',
    skip: 'sign-in flow',
  },
  {
    route: 'POST /api/auth/oidc/logout',
    public: 'signs out',
    skip: 'sign-in flow',
  },
  {
    route: 'GET /api/auth/oidc/refresh',
    public: 'refreshes a session from its cookie',
    skip: 'sign-in flow',
  },
  {
    route: 'POST /api/auth/oidc/refresh',
    public: 'refreshes a session from its cookie',
    skip: 'sign-in flow',
  },
  {
    route: 'GET /api/auth/.well-known/openid-configuration',
    public: 'token verification metadata',
    skip: 'public keys',
  },
  {
    route: 'GET /api/auth/.well-known/jwks.json',
    public: JWKS,
    skip: 'public keys',
  },
  {
    route: 'GET /api/auth/.well-known/oauth-client/cli.json',
    public: 'CLI client metadata',
    skip: 'public metadata',
  },
  {
    route: 'GET /api/auth/v1/userinfo',
    skip: "needs a token the auth backend signed (the matrix's are mock tokens); H1's sign-in tests cover it",
  },

  // ---- catalog
  ...pluginBasics('catalog', {
    scheduler: true,
    permissions: true,
    actions: true,
  }),
  { route: 'GET /api/catalog/openapi.json', probes: [{ expect: all(200) }] },
  {
    route: 'POST /api/catalog/refresh',
    probes: [{ body: { entityRef: '{own}' }, expect: all(200) }],
  },
  {
    route: 'GET /api/catalog/entities',
    probes: [{ path: '/api/catalog/entities?limit=1', expect: all(200) }],
  },
  {
    route: 'POST /api/catalog/entities/by-query',
    probes: [{ body: {}, expect: all(200) }],
  },
  {
    route: 'GET /api/catalog/entities/by-query',
    probes: [{ expect: all(200) }],
  },
  {
    route: 'GET /api/catalog/entities/by-uid/:uid',
    probes: [
      { path: '/api/catalog/entities/by-uid/{ownUid}', expect: all(200) },
    ],
  },
  {
    route: 'DELETE /api/catalog/entities/by-uid/:uid',
    probes: [
      {
        path: '/api/catalog/entities/by-uid/00000000-0000-0000-0000-000000000000',
        expect: only(['platform'], 204),
        note: 'no such entity: the platform team may delete any (204, nothing to delete); the owners-only rule matches nothing for anyone else (403)',
      },
    ],
  },
  {
    route: 'GET /api/catalog/entities/by-name/:kind/:namespace/:name',
    probes: [
      { path: '/api/catalog/entities/by-name/{ownPath}', expect: all(200) },
      {
        path: '/api/catalog/entities/by-name/template/default/terraform-module',
        expect: only(['platform'], 200, 404),
        note: 'the platform-only Template is invisible to everyone else',
      },
    ],
  },
  {
    route: 'GET /api/catalog/entities/by-name/:kind/:namespace/:name/ancestry',
    probes: [
      {
        path: '/api/catalog/entities/by-name/{ownPath}/ancestry',
        expect: all(200),
      },
    ],
  },
  {
    route: 'POST /api/catalog/entities/by-refs',
    probes: [{ body: { entityRefs: ['{own}'] }, expect: all(200) }],
  },
  {
    route: 'GET /api/catalog/entity-facets',
    probes: [
      { path: '/api/catalog/entity-facets?facet=kind', expect: all(200) },
    ],
  },
  {
    route: 'POST /api/catalog/entity-facets',
    probes: [{ body: { facets: ['kind'] }, expect: all(200) }],
  },
  {
    route: 'POST /api/catalog/locations',
    probes: [
      {
        path: '/api/catalog/locations?dryRun=true',
        body: { type: 'url', target: 'http://127.0.0.1:1/nothing.yaml' },
        expect: only(['platform'], 400),
        note: 'dry run of a Location that cannot be read: the platform team gets as far as reading it (400)',
      },
    ],
  },
  { route: 'GET /api/catalog/locations', probes: [{ expect: all(200) }] },
  {
    route: 'POST /api/catalog/locations/by-query',
    probes: [{ body: {}, expect: all(200) }],
  },
  {
    route: 'GET /api/catalog/locations/:id',
    probes: [
      {
        path: '/api/catalog/locations/00000000-0000-0000-0000-000000000000',
        expect: all(404),
        note: 'no such Location',
      },
    ],
  },
  {
    route: 'PUT /api/catalog/locations/:id',
    probes: [
      {
        path: '/api/catalog/locations/00000000-0000-0000-0000-000000000000',
        body: { type: 'url', target: 'http://127.0.0.1:1/nothing.yaml' },
        expect: only(['platform'], 404),
        note: 'no such Location',
      },
    ],
  },
  {
    route: 'DELETE /api/catalog/locations/:id',
    probes: [
      {
        path: '/api/catalog/locations/00000000-0000-0000-0000-000000000000',
        expect: only(['platform'], 404),
        note: 'no such Location',
      },
    ],
  },
  {
    route: 'GET /api/catalog/locations/by-entity/:kind/:namespace/:name',
    probes: [
      {
        path: '/api/catalog/locations/by-entity/component/default/pier',
        expect: all(404),
        note: 'Pier’s own entities come from config Locations, which are not stored as registered Locations',
      },
    ],
  },
  {
    route: 'POST /api/catalog/analyze-location',
    probes: [
      {
        body: { location: { type: 'url', target: 'http://127.0.0.1:1/repo' } },
        expect: only(['platform'], 200),
      },
    ],
  },
  {
    route: 'POST /api/catalog/validate-entity',
    probes: [
      {
        body: {
          location: 'url:http://127.0.0.1:1/x.yaml',
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'x' },
            spec: {
              type: 'service',
              lifecycle: 'production',
              owner: 'team-payments',
            },
          },
        },
        expect: only(['platform'], 200),
      },
    ],
  },

  // ---- permission, search, user settings, signals
  ...pluginBasics('permission', {}),
  {
    route: 'GET /api/permission/health',
    public: 'health check (no data)',
    probes: [{ expect: all(200) }],
  },
  {
    route: 'POST /api/permission/authorize',
    probes: [
      {
        body: {
          items: [
            {
              id: '1',
              permission: {
                type: 'basic',
                name: 'platform-cost.dashboard.read',
                attributes: {},
              },
            },
          ],
        },
        expect: all(200),
        note: 'everyone may ask; the answer differs (see the policy tests)',
      },
    ],
  },
  ...pluginBasics('search', {
    scheduler: true,
    permissions: true,
    actions: true,
  }),
  { route: 'GET /api/search/openapi.json', probes: [{ expect: all(200) }] },
  {
    route: 'GET /api/search/query',
    probes: [{ path: '/api/search/query?term=payments', expect: all(200) }],
  },
  ...pluginBasics('user-settings', {}),
  {
    route: 'POST /api/user-settings/multiget',
    probes: [
      { body: { items: [{ bucket: 'b', key: 'k' }] }, expect: all(200) },
    ],
  },
  {
    route: 'GET /api/user-settings/buckets/:bucket/keys/:key(*)',
    probes: [
      {
        path: '/api/user-settings/buckets/b/keys/nothing',
        expect: all(404),
        note: 'not set',
      },
    ],
  },
  {
    route: 'PUT /api/user-settings/buckets/:bucket/keys/:key(*)',
    probes: [
      {
        path: '/api/user-settings/buckets/b/keys/k',
        body: { value: 1 },
        expect: all(200),
      },
    ],
  },
  {
    route: 'DELETE /api/user-settings/buckets/:bucket/keys/:key(*)',
    probes: [{ path: '/api/user-settings/buckets/b/keys/k', expect: all(204) }],
  },
  ...pluginBasics('signals', {}),
  {
    route: 'GET /api/signals/health',
    public: 'health check (no data)',
    probes: [{ expect: all(200) }],
  },

  // ---- kubernetes
  ...pluginBasics('kubernetes', { permissions: true, actions: true }),
  {
    route: 'USE /api/kubernetes/proxy',
    spellings: true,
    probes: [
      {
        path: '/api/kubernetes/proxy/api/v1/namespaces',
        headers: { 'backstage-kubernetes-cluster': 'prod' },
        expect: all(403),
        note: "nobody: Pier's plugins use it as service principals",
      },
    ],
  },
  {
    route: 'POST /api/kubernetes/services/:serviceId',
    probes: [
      {
        path: '/api/kubernetes/services/x',
        body: { entity: '{ownEntity}' },
        expect: all(200),
      },
    ],
  },
  { route: 'GET /api/kubernetes/clusters', probes: [{ expect: all(200) }] },
  {
    route: 'POST /api/kubernetes/resources/workloads/query',
    probes: [{ body: { auth: {}, entityRef: '{own}' }, expect: all(200) }],
  },
  {
    route: 'POST /api/kubernetes/resources/custom/query',
    spellings: true,
    probes: [
      {
        body: {
          auth: {},
          entityRef: '{own}',
          customResources: [
            {
              group: 'argoproj.io',
              apiVersion: 'v1alpha1',
              plural: 'rollouts',
            },
          ],
        },
        // No custom resource is configured (kubernetes.customResources): Pier's guard refuses
        // every kind a request names, so the route cannot list Secrets with Pier's credentials.
        expect: all(403),
      },
      {
        body: {
          auth: {},
          entityRef: '{own}',
          customResources: [{ group: '', apiVersion: 'v1', plural: 'secrets' }],
        },
        expect: all(403),
      },
    ],
  },

  // ---- argocd
  ...pluginBasics('argocd', { permissions: true }).map(argoCdBasic),
  {
    route: 'GET /api/argocd/allArgoApps/:argoInstanceName',
    spellings: true,
    probes: [{ path: '/api/argocd/allArgoApps/prod', expect: all(200) }],
  },
  {
    route:
      'GET /api/argocd/argoInstance/:argoInstance/repo/:repo/source/:source',
    probes: [
      {
        path: '/api/argocd/argoInstance/prod/repo/x/source/x',
        expect: all(200),
        note: 'Roadie answers `false` for an unknown repo',
      },
    ],
  },
  {
    route: 'GET /api/argocd/find/name/:argoAppName',
    probes: [
      { path: '/api/argocd/find/name/{ownName}-prod', expect: all(200) },
    ],
  },
  {
    route:
      'GET /api/argocd/argoInstance/:argoInstanceName/applications/name/:argoAppName/revisions/:revisionID/metadata',
    probes: [
      {
        path: '/api/argocd/argoInstance/prod/applications/name/{ownName}-prod/revisions/x/metadata',
        expect: all(500),
        note: 'no such revision',
      },
    ],
  },
  {
    route:
      'GET /api/argocd/argoInstance/:argoInstanceName/applications/name/:argoAppName',
    probes: [
      {
        path: '/api/argocd/argoInstance/prod/applications/name/{ownName}-prod',
        expect: all(200),
      },
    ],
  },
  {
    route: 'GET /api/argocd/find/selector/:argoAppSelector',
    probes: [
      { path: '/api/argocd/find/selector/app%3D{ownName}', expect: all(200) },
    ],
  },
  {
    route:
      'GET /api/argocd/argoInstance/:argoInstanceName/applications/selector/:argoAppSelector',
    probes: [
      {
        path: '/api/argocd/argoInstance/prod/applications/selector/app%3D{ownName}',
        expect: all(200),
      },
    ],
  },
  {
    route: 'POST /api/argocd/createArgo',
    spellings: true,
    unauthenticated: ARGO_UNAUTHENTICATED,
    probes: [{ body: {}, ...ARGO_MUTATION }],
  },
  {
    route: 'PUT /api/argocd/updateArgo/:argoAppName',
    spellings: true,
    unauthenticated: ARGO_UNAUTHENTICATED,
    probes: [
      { path: '/api/argocd/updateArgo/{ownName}', body: {}, ...ARGO_MUTATION },
    ],
  },
  {
    route: 'POST /api/argocd/sync',
    spellings: true,
    unauthenticated: ARGO_UNAUTHENTICATED,
    probes: [{ body: {}, ...ARGO_MUTATION }],
  },
  {
    route:
      'DELETE /api/argocd/argoInstance/:argoInstanceName/applications/:argoAppName',
    spellings: true,
    unauthenticated: ARGO_UNAUTHENTICATED,
    probes: [
      {
        path: '/api/argocd/argoInstance/prod/applications/{ownName}-prod',
        ...ARGO_MUTATION,
      },
    ],
  },
  {
    route:
      'GET /api/argocd/argoInstance/:argoInstanceName/applications/:argoAppName',
    probes: [
      {
        path: '/api/argocd/argoInstance/prod/applications/{ownName}-prod',
        expect: all(200),
      },
    ],
  },
  {
    route:
      'DELETE /api/argocd/argoInstance/:argoInstanceName/applications/:argoAppName/operation',
    spellings: true,
    unauthenticated: ARGO_UNAUTHENTICATED,
    probes: [
      {
        path: '/api/argocd/argoInstance/prod/applications/{ownName}-prod/operation',
        ...ARGO_MUTATION,
      },
    ],
  },

  // ---- Pier's plugins
  ...pluginBasics('deployments', {
    permissions: true,
    actions: true,
    actionProbes: [
      {
        path: '/api/deployments/.backstage/actions/v1/actions/deployments:what-needs-review/invoke',
        body: {},
        expect: all(200),
        note: 'as the board',
      },
    ],
  }),
  { route: 'GET /api/deployments/board', probes: [{ expect: all(200) }] },
  ...pluginBasics('datadog-apm', { permissions: true }),
  {
    route: 'GET /api/datadog-apm/entity',
    probes: [
      { path: '/api/datadog-apm/entity?entityRef={own}', expect: all(200) },
    ],
  },
  ...pluginBasics('platform-cost', {
    scheduler: true,
    permissions: true,
    actions: true,
    actionProbes: [
      {
        path: '/api/platform-cost/.backstage/actions/v1/actions/platform-cost:get-service-cost/invoke',
        body: { service: '{other}' },
        expect: only(['reviewer', 'lead', 'platform'], 200),
        note: "another team's service: as the cost card",
      },
      {
        path: '/api/platform-cost/.backstage/actions/v1/actions/platform-cost:get-team-cost/invoke',
        body: { team: 'team-payments' },
        expect: only(['lead', 'platform'], 200),
        note: 'a team: as the cost dashboard',
      },
    ],
  }),
  {
    route: 'GET /api/platform-cost/dashboard',
    probes: [{ expect: only(['lead', 'platform'], 200) }],
  },
  {
    route: 'GET /api/platform-cost/entity',
    probes: [
      {
        path: '/api/platform-cost/entity?entityRef={own}',
        expect: all(200),
        note: "the junior's and the lead's own team's service",
      },
      {
        path: '/api/platform-cost/entity?entityRef={other}',
        expect: only(['reviewer', 'lead', 'platform'], 200),
        note: "another team's service (the reviewer's own team's)",
      },
    ],
  },
  ...pluginBasics('security-findings', {
    scheduler: true,
    permissions: true,
    actions: true,
    actionProbes: [
      {
        path: '/api/security-findings/.backstage/actions/v1/actions/security-findings:list-deployed-vulnerabilities/invoke',
        body: { service: '{own}' },
        expect: all(200),
        note: 'their own service (the junior, the lead) or as reviewer / platform team',
      },
      {
        path: '/api/security-findings/.backstage/actions/v1/actions/security-findings:list-deployed-vulnerabilities/invoke',
        body: { service: '{other}' },
        expect: only(['reviewer', 'lead', 'platform'], 200),
        note: "another team's service: as the security tab",
      },
      {
        path: '/api/security-findings/.backstage/actions/v1/actions/security-findings:list-deployed-vulnerabilities/invoke',
        body: {},
        expect: only(['lead', 'platform'], 200),
        note: 'the organisation: as the security dashboard',
      },
    ],
  }),
  {
    route: 'GET /api/security-findings/entity',
    probes: [
      {
        path: '/api/security-findings/entity?entityRef={own}',
        expect: all(200),
      },
      {
        path: '/api/security-findings/entity?entityRef={other}',
        expect: only(['reviewer', 'lead', 'platform'], 200),
      },
    ],
  },
  {
    route: 'GET /api/security-findings/dashboard',
    probes: [{ expect: only(['lead', 'platform'], 200) }],
  },
  {
    route: 'GET /api/security-findings/dashboard/findings.csv',
    probes: [{ expect: only(['lead', 'platform'], 200) }],
  },
  {
    route: 'GET /api/security-findings/compliance',
    probes: [{ expect: only(['lead', 'platform'], 200) }],
  },
  ...pluginBasics('service-overview', {
    permissions: true,
    actions: true,
    actionProbes: [
      {
        path: '/api/service-overview/.backstage/actions/v1/actions/service-overview:get-service-status/invoke',
        body: { service: '{other}' },
        expect: all(200),
        note: 'as the overview: parts the caller may not see say so',
      },
      {
        path: '/api/service-overview/.backstage/actions/v1/actions/service-overview:get-service-status/invoke',
        body: { service: 'no-such-service' },
        expect: all(404),
        note: '"No service named … that you can see"',
      },
    ],
  }),
  {
    route: 'GET /api/service-overview/entity',
    probes: [
      {
        path: '/api/service-overview/entity?entityRef={own}',
        expect: all(200),
      },
      {
        path: '/api/service-overview/entity?entityRef={other}',
        expect: all(200),
        note: "200 for everyone: the security and cost parts of another team's service say 'not shown to you' with the reason",
      },
    ],
  },
  {
    route: 'GET /api/service-overview/explanations',
    probes: [
      {
        path: '/api/service-overview/explanations?entityRef={own}',
        expect: all(200),
      },
      {
        path: '/api/service-overview/explanations?entityRef={other}',
        expect: all(200),
        note: 'explanations follow the deployments, which every signed-in person may read',
      },
    ],
  },

  // ---- MCP server (@backstage/plugin-mcp-actions-backend): the actions above as tools
  ...pluginBasics('mcp-actions', { permissions: true, actions: true }),
  {
    route: 'POST /api/mcp-actions/v1',
    probes: [
      {
        headers: { accept: 'application/json, text/event-stream' },
        body: {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'route-sweep', version: '1' },
          },
        },
        expect: all(200),
        note: "every signed-in person may connect; each tool call is checked with the caller's permissions",
      },
    ],
  },
  {
    route: 'GET /api/mcp-actions/v1',
    probes: [
      {
        expect: all(405),
        note: 'stateless Streamable HTTP: no SSE stream to open',
      },
    ],
  },
  {
    route: 'DELETE /api/mcp-actions/v1',
    probes: [
      {
        expect: all(405),
        note: 'stateless Streamable HTTP: no session to end',
      },
    ],
  },

  // ---- scaffolder (its own routes come from its OpenAPI spec: see routeSweep.test.ts)
  ...pluginBasics('scaffolder', {
    scheduler: true,
    permissions: true,
    actions: true,
  }),
  { route: 'GET /api/scaffolder/openapi.json', probes: [{ expect: all(200) }] },
  {
    route:
      'GET /api/scaffolder/v2/templates/:namespace/:kind/:name/parameter-schema',
    probes: [
      {
        path: '/api/scaffolder/v2/templates/default/template/service/parameter-schema',
        expect: all(200),
        note: 'the form is readable by all; running it is not',
      },
      {
        path: '/api/scaffolder/v2/templates/default/template/terraform-module/parameter-schema',
        expect: only(['platform'], 200, 404),
        note: 'platform-only Template',
      },
    ],
  },
  { route: 'GET /api/scaffolder/v2/actions', probes: [{ expect: all(200) }] },
  {
    route: 'GET /api/scaffolder/v2/tasks',
    probes: [
      { expect: all(200), note: 'filtered to the tasks the caller may read' },
    ],
  },
  {
    route: 'POST /api/scaffolder/v2/tasks',
    spellings: true,
    probes: [
      {
        body: {
          templateRef: 'template:default/service',
          values: '{serviceValues}',
        },
        expect: only(['junior', 'platform'], 201),
        note: 'owner team-payments: the junior’s own team; reviewers and leads do not run templates',
      },
      {
        body: {
          templateRef: 'template:default/service',
          values: '{otherTeamValues}',
        },
        expect: only(['platform'], 201),
        note: 'owner team-checkout: not the junior’s team (403 with the reason, no task)',
      },
      {
        body: {
          templateRef: 'template:default/terraform-module',
          values: '{terraformValues}',
        },
        expect: only(['platform'], 201),
        note: 'the platform-only Template',
      },
    ],
  },
  {
    route: 'GET /api/scaffolder/v2/tasks/:taskId',
    probes: [
      {
        path: '/api/scaffolder/v2/tasks/{platformTask}',
        expect: only(['platform'], 200, 403),
        note: "the platform team's task: only its owner and the platform team",
      },
    ],
  },
  {
    route: 'POST /api/scaffolder/v2/tasks/:taskId/cancel',
    probes: [
      {
        path: '/api/scaffolder/v2/tasks/{platformTask}/cancel',
        expect: only(['platform'], 200, 403),
      },
    ],
  },
  {
    route: 'POST /api/scaffolder/v2/tasks/:taskId/retry',
    probes: [
      {
        path: '/api/scaffolder/v2/tasks/{platformTask}/retry',
        body: {},
        expect: only(['platform'], 201, 403),
      },
    ],
  },
  {
    route: 'GET /api/scaffolder/v2/tasks/:taskId/events',
    probes: [
      {
        path: '/api/scaffolder/v2/tasks/{platformTask}/events',
        expect: only(['platform'], 200, 403),
      },
    ],
  },
  {
    route: 'POST /api/scaffolder/v2/dry-run',
    probes: [
      {
        body: {
          template: '{serviceTemplate}',
          values: '{serviceValues}',
          directoryContents: '{serviceFiles}',
        },
        expect: only(['platform'], 200),
        note: 'an inline template: the platform team only (everyone else previews through /platform/…/preview)',
      },
    ],
  },
  {
    route: 'POST /api/scaffolder/v2/autocomplete/:provider/:resource',
    probes: [
      {
        path: '/api/scaffolder/v2/autocomplete/x/y',
        body: { token: 't', context: {} },
        expect: all(400),
        note: 'no such autocomplete provider',
      },
    ],
  },
  {
    route: 'GET /api/scaffolder/v2/templating-extensions',
    probes: [{ expect: all(200) }],
  },
  {
    route: 'GET /api/scaffolder/platform/templates/:namespace/:name/files',
    probes: [
      {
        path: '/api/scaffolder/platform/templates/default/service/files',
        expect: all(200),
      },
      {
        path: '/api/scaffolder/platform/templates/default/terraform-module/files',
        expect: only(['platform'], 200, 404),
        note: 'platform-only Template: not found for everyone else',
      },
    ],
  },
  {
    route: 'GET /api/scaffolder/platform/owners',
    probes: [
      {
        expect: all(200),
        note: 'lists only the caller’s choosable teams (empty for reviewers and leads)',
      },
    ],
  },
  {
    route: 'POST /api/scaffolder/platform/templates/:namespace/:name/preview',
    probes: [
      {
        path: '/api/scaffolder/platform/templates/default/service/preview',
        body: { values: '{serviceValues}' },
        expect: only(['junior', 'platform'], 200),
        note: 'owner team-payments: the junior’s own team',
      },
    ],
  },
];
