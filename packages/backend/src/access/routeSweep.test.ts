import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import yaml from 'yaml';
import { mockCredentials } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { renderAccessTableMarkdown } from '@internal/access-policy';
import {
  ACCESS_TABLE,
  PERSONA_USERS,
  PersonaKey,
  Probe,
} from './__testUtils__/accessTable';
import {
  IN_PROCESS_FEATURES,
  NOT_IN_PROCESS,
  REPO_ROOT,
  startPierTestBackend,
} from './__testUtils__/pierTestBackend';
import { MountedRoute, mountedRoutes } from './__testUtils__/routes';
import { spellingsOf } from './__testUtils__/spellings';

jest.setTimeout(300_000);

const PERSONAS = Object.keys(PERSONA_USERS) as PersonaKey[];

const testValues = (template: string) =>
  yaml.parse(
    fs.readFileSync(
      path.join(REPO_ROOT, 'templates', template, 'test/values.yaml'),
      'utf8',
    ),
  );

/** A raw HTTP request (no client-side path normalisation). */
function send(
  server: http.Server,
  method: string,
  rawPath: string,
  options: {
    auth?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
) {
  const { port } = server.address() as AddressInfo;
  const body =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: rawPath,
        agent: false,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(options.auth ? { authorization: options.auth } : {}),
          ...options.headers,
        },
      },
      res => {
        let text = '';
        res.on('data', c => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () =>
      req.destroy(new Error(`timeout ${method} ${rawPath}`)),
    );
    req.end(body);
  });
}

const methodOf = (route: string) => route.split(' ')[0];
const pathOf = (route: string) => route.slice(route.indexOf(' ') + 1);
const concrete = (routePath: string) =>
  routePath
    .replace(/\(\?:.*$/, '/x')
    .replace(/\(\*\)/g, '')
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*$/, 'x');

describe('who may do what, over every route Pier mounts', () => {
  let t: Awaited<ReturnType<typeof startPierTestBackend>>;
  let mounted: MountedRoute[];
  const vars: Record<string, any> = {};

  const fill = (value: unknown): any => {
    if (typeof value === 'string') {
      const whole = value.match(/^\{(\w+)\}$/);
      if (whole && typeof vars[whole[1]] !== 'string') return vars[whole[1]];
      return value.replace(/\{(\w+)\}/g, (_, k) => String(vars[k]));
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, fill(v)]),
      );
    return value;
  };

  beforeAll(async () => {
    t = await startPierTestBackend();
    mounted = mountedRoutes(t.app);
    // The scaffolder mounts its OpenAPI router inside an express app that express-promise-router
    // wraps in a closure, so its stack cannot be walked: its routes come from its OpenAPI spec.
    const platform = mockCredentials.user.header(PERSONA_USERS.platform);
    const spec = JSON.parse(
      (
        await send(t.server, 'GET', '/api/scaffolder/openapi.json', {
          auth: platform,
        })
      ).text,
    );
    mounted.push({ method: 'GET', path: '/api/scaffolder/openapi.json' });
    for (const [p, ops] of Object.entries<any>(spec.paths)) {
      for (const m of Object.keys(ops)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(m)) {
          mounted.push({
            method: m.toUpperCase(),
            path: p.replace(/\{(\w+)\}/g, ':$1'),
          });
        }
      }
    }

    // The catalog has read Pier's files and platform-sim's services once these are in.
    const components = async (owner: string) =>
      JSON.parse(
        (
          await send(
            t.server,
            'GET',
            `/api/catalog/entities/by-query?filter=kind=component,spec.owner=group:default/${owner}&limit=1`,
            { auth: platform },
          )
        ).text,
      ).items ?? [];
    const server = t.server;
    const templateStatuses = () =>
      Promise.all(
        ['service', 'argocd-app', 'terraform-module'].map(
          async name =>
            (
              await send(
                server,
                'GET',
                `/api/catalog/entities/by-name/template/default/${name}`,
                {
                  auth: platform,
                },
              )
            ).status,
        ),
      );
    for (let i = 0; i < 120; i++) {
      const [own] = await components('team-payments');
      const [other] = await components('team-checkout');
      const templates = await templateStatuses();
      if (own && other && templates.every(status => status === 200)) {
        Object.assign(vars, {
          own: stringifyEntityRef(own),
          other: stringifyEntityRef(other),
          ownName: own.metadata.name,
          ownPath: `component/default/${own.metadata.name}`,
          ownUid: own.metadata.uid,
          otherUid: other.metadata.uid,
          ownEntity: own,
          serviceValues: testValues('service'),
          otherTeamValues: {
            ...testValues('service'),
            owner: 'group:default/team-checkout',
          },
          terraformValues: testValues('terraform-module'),
          serviceTemplate: JSON.parse(
            (
              await send(
                t.server,
                'GET',
                '/api/catalog/entities/by-name/template/default/service',
                { auth: platform },
              )
            ).text,
          ),
        });
        break;
      }
      await new Promise(r => setTimeout(r, 500));
    }
    // The search index is built by a scheduled task after the catalog has entities: until then
    // search answers 500 (MissingIndexError) for everyone, which says nothing about access.
    for (let i = 0; i < 120; i++) {
      const search = await send(
        t.server,
        'GET',
        '/api/search/query?term=payments',
        {
          auth: platform,
        },
      );
      if (search.status === 200) break;
      await new Promise(r => setTimeout(r, 500));
    }
    // A task the platform team started, for the task routes.
    const task = await send(t.server, 'POST', '/api/scaffolder/v2/tasks', {
      auth: platform,
      body: {
        templateRef: 'template:default/argocd-app',
        values: testValues('argocd-app'),
      },
    });
    vars.platformTask = JSON.parse(task.text).id;
    if (!vars.platformTask)
      throw new Error(`the platform team could not start a task: ${task.text}`);
    vars.serviceFiles = JSON.parse(
      (
        await send(
          t.server,
          'GET',
          '/api/scaffolder/platform/templates/default/service/files',
          { auth: platform },
        )
      ).text,
    ).files;
    if (!vars.own) {
      const some = await send(
        t.server,
        'GET',
        '/api/catalog/entities?limit=100&fields=kind,metadata.name,spec.owner',
        { auth: platform },
      );
      const locs = await send(t.server, 'GET', '/api/catalog/locations', {
        auth: platform,
      });
      throw new Error(
        `the catalog never loaded the demo services: ${
          some.status
        } ${some.text.slice(0, 1500)} LOCATIONS ${locs.text.slice(0, 800)}`,
      );
    }
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('starts every feature packages/backend/src/index.ts adds (or says why not)', () => {
    const index = fs.readFileSync(path.join(__dirname, '../index.ts'), 'utf8');
    const added = [
      ...index.matchAll(/backend\.add\(\s*import\('([^']+)'\)/g),
    ].map(m => m[1]);
    expect(added.sort()).toEqual(
      [...IN_PROCESS_FEATURES, ...Object.keys(NOT_IN_PROCESS)].sort(),
    );
    // The same guards the sweep installs (guards.ts), at the root and as plugin modules.
    expect(index).toContain('guards.installRoot(app)');
    expect(index).toContain(
      'for (const guard of guards.modules) backend.add(guard)',
    );
  });

  it('every mounted route is in the table, and every table row is mounted', () => {
    const keys = new Set(mounted.map(r => `${r.method} ${r.path}`));
    const missing = [...keys].filter(
      k => !ACCESS_TABLE.some(row => row.route === k),
    );
    const stale = ACCESS_TABLE.map(r => r.route).filter(k => !keys.has(k));
    // The app backend mounts the app shell's routes only when the app is built, as in production.
    const appBuilt = fs.existsSync(
      path.join(__dirname, '../../../app/dist/index.html'),
    );
    expect({ appBuilt, missing, stale }).toEqual({
      appBuilt: true, // build it first: yarn workspace app build
      missing: [],
      stale: [],
    });
    // eslint-disable-next-line no-console
    console.log(
      `route sweep: ${keys.size} routes × methods mounted, all in the table`,
    );
  });

  it('without credentials every route answers 401, unless it is public for a stated reason', async () => {
    const wrong: string[] = [];
    for (const row of ACCESS_TABLE) {
      const method =
        methodOf(row.route) === 'USE' ? 'GET' : methodOf(row.route);
      const p = fill(row.probes?.[0]?.path ?? concrete(pathOf(row.route)));
      const res = await send(t.server, method, p, {
        body:
          row.probes?.[0]?.body !== undefined
            ? fill(row.probes[0].body)
            : undefined,
        headers: row.probes?.[0]?.headers,
      });
      const expected = row.public ? 'not 401' : row.unauthenticated ?? 401;
      const ok = row.public ? res.status !== 401 : res.status === expected;
      if (!ok)
        wrong.push(
          `${row.route} (${method} ${p}): ${res.status}, expected ${expected}`,
        );
    }
    expect(wrong).toEqual([]);
  });

  it('per persona, every route answers as the table says, whatever the spelling of a guarded path', async () => {
    const lines: string[] = [];
    const wrong: string[] = [];
    let requests = 0;
    const head = `| route | request | ${PERSONAS.join(' | ')} | note |`;
    lines.push(head, `|${' --- |'.repeat(PERSONAS.length + 3)}`);
    for (const row of ACCESS_TABLE) {
      if (!row.probes) {
        lines.push(
          `| \`${row.route}\` | — | ${PERSONAS.map(() => '·').join(' | ')} | ${
            row.skip ?? ''
          }${row.public ? ` (public: ${row.public})` : ''} |`,
        );
        continue;
      }
      for (const probe of row.probes as Probe[]) {
        const method =
          methodOf(row.route) === 'USE' ? 'GET' : methodOf(row.route);
        const p = fill(probe.path ?? concrete(pathOf(row.route)));
        const cells: string[] = [];
        for (const persona of PERSONAS) {
          const res = await send(t.server, method, p, {
            auth: mockCredentials.user.header(PERSONA_USERS[persona]),
            body: probe.body !== undefined ? fill(probe.body) : undefined,
            headers: probe.headers,
          });
          requests++;
          const expected = probe.expect[persona];
          if (res.status !== expected) {
            wrong.push(
              `${persona} ${method} ${p}: ${
                res.status
              } (expected ${expected}) ${res.text.slice(0, 100)}`,
            );
          }
          cells.push(
            res.status === expected
              ? String(res.status)
              : `**${res.status}≠${expected}**`,
          );
        }
        lines.push(
          `| \`${row.route}\` | \`${method} ${p.replace(
            /\|/g,
            '\\|',
          )}\` | ${cells.join(' | ')} | ${probe.note ?? ''} |`,
        );
        if (!row.spellings) continue;
        for (const [name, spelled] of spellingsOf(p)) {
          const spellCells: string[] = [];
          for (const persona of PERSONAS) {
            const res = await send(t.server, method, spelled, {
              auth: mockCredentials.user.header(PERSONA_USERS[persona]),
              body: probe.body !== undefined ? fill(probe.body) : undefined,
              headers: probe.headers,
            });
            requests++;
            const refused = probe.expect[persona] >= 400;
            // A persona refused on the path as written is refused (or not routed) on every spelling.
            if (refused && res.status < 400) {
              wrong.push(
                `${persona} ${method} ${spelled} (${name}): ${res.status}, refused as written`,
              );
            }
            spellCells.push(String(res.status));
          }
          lines.push(
            `| ↳ ${name} | \`${method} ${spelled}\` | ${spellCells.join(
              ' | ',
            )} | ${probe.expect.platform >= 400 ? 'refused for all' : ''} |`,
          );
        }
      }
    }
    const out = path.join(REPO_ROOT, 'test-results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'persona-matrix.md'),
      [
        '# Persona matrix',
        '',
        `Personas: ${PERSONAS.map(p => `${p} = ${PERSONA_USERS[p]}`).join(
          ', ',
        )}. ` +
          `Routes swept: ${
            new Set(mounted.map(r => `${r.method} ${r.path}`)).size
          }; requests: ${requests}. ` +
          '`·` = not in the matrix (reason in the note). `↳` rows: spelling variants of a guarded path.',
        '',
        ...lines,
        '',
        '## The permission table',
        '',
        renderAccessTableMarkdown(),
        '',
      ].join('\n'),
    );
    // eslint-disable-next-line no-console
    console.log(
      `persona matrix: ${requests} requests, ${wrong.length} unexpected`,
    );
    expect(wrong).toEqual([]);
  });

  it("Pier's plugins still read both clusters through the Kubernetes proxy (as service principals) while no person may", async () => {
    const junior = mockCredentials.user.header(PERSONA_USERS.junior);
    const board = JSON.parse(
      (await send(t.server, 'GET', '/api/deployments/board', { auth: junior }))
        .text,
    );
    // Replica counts come from the Kubernetes API through /api/kubernetes/proxy with the
    // deployments plugin's own token (packages/backend-kubernetes-proxy).
    const clustersWithReplicas = new Set(
      board.rows
        .filter((r: { replicas?: { desired: number } }) => r.replicas)
        .map((r: { cluster: string }) => r.cluster),
    );
    expect([...clustersWithReplicas].sort()).toEqual(['nonprod', 'prod']);
    const proxy = await send(
      t.server,
      'GET',
      '/api/kubernetes/proxy/api/v1/namespaces',
      {
        auth: junior,
        headers: { 'backstage-kubernetes-cluster': 'prod' },
      },
    );
    expect(proxy.status).toBe(403);
  });

  it('owners unregister only their own entities; the platform team any', async () => {
    const del = (who: PersonaKey, uid: string) =>
      send(t.server, 'DELETE', `/api/catalog/entities/by-uid/${uid}`, {
        auth: mockCredentials.user.header(PERSONA_USERS[who]),
      });
    // The reviewer (team-checkout) may not unregister team-payments' service; its junior may.
    expect((await del('reviewer', vars.ownUid)).status).toBe(403);
    expect((await del('junior', vars.ownUid)).status).toBe(204);
    // The lead (team-payments) may not unregister team-checkout's; the platform team may.
    expect((await del('lead', vars.otherUid)).status).toBe(403);
    expect((await del('platform', vars.otherUid)).status).toBe(204);
  });
});
