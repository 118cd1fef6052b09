import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { canonicalPath, isArgoCdPath } from './paths';
import { createArgoCdGuard } from './readOnlyArgoCd';

/** Spellings of one path that a client can send (raw: no client-side normalisation). */
function spellingsOf(path: string): Array<[string, string]> {
  const [, first, ...rest] = path.split('/');
  const tail = rest.join('/');
  const last = rest[rest.length - 1] ?? '';
  const encodeFirstLetter = (s: string) =>
    s.replace(/[a-z]/, c => `%${c.charCodeAt(0).toString(16)}`);
  return [
    ['as written', path],
    ['upper case', path.toUpperCase()],
    ['mixed case', path.replace(/argocd/, 'ArgoCD')],
    ['trailing slash', `${path}/`],
    ['repeated slashes', `/${first}//argocd//${tail.replace(/^argocd\//, '')}`],
    ['leading double slash', `/${path}`],
    ['dot segment', `/${first}/./${tail}`],
    ['dot-dot segment', `/${first}/x/../${tail}`],
    ['%2F for a slash', `/${first}%2F${tail}`],
    ['percent-encoded letter', path.replace(last, encodeFirstLetter(last))],
    [
      'double-encoded letter',
      path.replace(last, encodeFirstLetter(last).replace('%', '%25')),
    ],
  ];
}

function send(server: http.Server, method: string, path: string) {
  // eslint-disable-next-line no-console
  const { port } = server.address() as AddressInfo;
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { 'content-type': 'application/json' },
      },
      res => {
        let body = '';
        res.on('data', c => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', e => reject(new Error(`${method} ${path}: ${e}`)));
    req.end(method === 'POST' || method === 'PUT' ? '{}' : undefined);
  });
}

// Roadie's mutating routes (node_modules/@roadiehq/backstage-plugin-argo-cd-backend/dist/service/router.cjs.js),
// mounted the way Backstage's root router mounts a plugin (app.use('/api/argocd', router)).
const MUTATIONS: Array<[string, string, string]> = [
  ['POST', '/api/argocd/createArgo', '/createArgo'],
  ['PUT', '/api/argocd/updateArgo/payments-api', '/updateArgo/:argoAppName'],
  ['POST', '/api/argocd/sync', '/sync'],
  [
    'DELETE',
    '/api/argocd/argoInstance/prod/applications/payments-api-prod',
    '/argoInstance/:argoInstanceName/applications/:argoAppName',
  ],
  [
    'DELETE',
    '/api/argocd/argoInstance/prod/applications/payments-api-prod/operation',
    '/argoInstance/:argoInstanceName/applications/:argoAppName/operation',
  ],
];

async function startApp(guarded: boolean) {
  const app = express();
  const reached: string[] = [];
  if (guarded) app.use(createArgoCdGuard().rootMiddleware);
  const argocd = express.Router();
  for (const [method, , route] of MUTATIONS) {
    (argocd as any)[method.toLowerCase()](
      route,
      (req: express.Request, res: express.Response) => {
        reached.push(`${req.method} ${req.originalUrl}`);
        res.json({ reached: true });
      },
    );
  }
  argocd.get('/find/name/:name', (_req, res) => {
    res.json({ read: true });
  });
  app.use('/api/argocd', argocd);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  const server = await new Promise<http.Server>(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, reached };
}

describe('canonicalPath', () => {
  it.each([
    ['/API/ArgoCD/Sync', '/api/argocd/sync'],
    ['/api//argocd///sync/', '/api/argocd/sync'],
    ['/api/./argocd/x/../sync', '/api/argocd/sync'],
    ['/api%2Fargocd%2fsync', '/api/argocd/sync'],
    ['/api/%61rgocd/sync', '/api/argocd/sync'],
    ['/api/%2561rgocd/sync', '/api/argocd/sync'],
    ['/api/argocd/sync?x=/y', '/api/argocd/sync'],
    ['/api\\argocd\\sync', '/api/argocd/sync'],
    ['/api/argocd/%E0%A4%A', '/api/argocd/\u00e0\u00a4%a'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalPath(raw)).toBe(canonical);
  });

  it('does not take other plugins for Argo CD', () => {
    expect(isArgoCdPath('/api/argocdx/sync')).toBe(false);
    expect(isArgoCdPath('/api/catalog/entities')).toBe(false);
    expect(isArgoCdPath('/api/ARGOCD')).toBe(true);
  });
});

describe('the root Argo CD guard, against what Express actually routes', () => {
  it('without it, Express routes several spellings of a mutation to the Argo CD router (the bug)', async () => {
    const { server, reached } = await startApp(false);
    try {
      const routed: string[] = [];
      for (const [method, path] of MUTATIONS) {
        for (const [name, spelling] of spellingsOf(path)) {
          const before = reached.length;
          await send(server, method, spelling);
          if (reached.length > before) routed.push(`${method} ${name}`);
        }
      }
      // eslint-disable-next-line no-console
      if (process.env.PIER_PRINT_ROUTED) console.log(routed.join('\n'));
      // Case and trailing slashes reach a route.
      expect(routed).toEqual(
        expect.arrayContaining([
          'POST as written',
          'POST upper case',
          'POST mixed case',
          'POST trailing slash',
        ]),
      );
    } finally {
      server.close();
    }
  });

  it('with it, no spelling of any mutation reaches the Argo CD router, and each gets 403 with the GitOps hint', async () => {
    const { server, reached } = await startApp(true);
    try {
      const answers: Array<{
        spelling: string;
        status: number;
        message: string;
      }> = [];
      for (const [method, path] of MUTATIONS) {
        for (const [, spelling] of spellingsOf(path)) {
          const res = await send(server, method, spelling);
          answers.push({
            spelling: `${method} ${spelling}`,
            status: res.status,
            message: JSON.parse(res.body).error?.message ?? '',
          });
        }
      }
      // Every spelling here is an Argo CD path once canonicalised.
      expect(
        spellingsOf('/api/argocd/sync').every(([, s]) => isArgoCdPath(s)),
      ).toBe(true);
      expect(answers.filter(a => a.status !== 403)).toEqual([]);
      expect(
        answers.filter(
          a => !/commit the change to the GitOps repository/.test(a.message),
        ),
      ).toEqual([]);
      expect(reached).toEqual([]);
      // OPTIONS and PATCH are not reads either.
      expect((await send(server, 'PATCH', '/api/argocd/sync')).status).toBe(
        403,
      );
      expect((await send(server, 'OPTIONS', '/api/argocd/sync')).status).toBe(
        403,
      );
    } finally {
      server.close();
    }
  });

  it('lets reads through', async () => {
    const { server } = await startApp(true);
    try {
      expect(
        (await send(server, 'GET', '/api/argocd/find/name/x')).status,
      ).toBe(200);
      expect(
        (await send(server, 'GET', '/API/ArgoCD/find/name/x')).status,
      ).toBe(200);
    } finally {
      server.close();
    }
  });
});
