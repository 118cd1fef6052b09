import { undocumentedShape } from './shape';
import { contractUpstreams, loadContracts } from './contracts';
import { serveReplay } from './replay';

describe('undocumentedShape', () => {
  const documented = [
    {
      items: [
        {
          metadata: { name: 'a', labels: { app: 'x' } },
          spec: { replicas: 2 },
        },
      ],
    },
    { items: [{ metadata: { name: 'b' }, spec: { replicas: null } }] },
  ];
  const maps = ['$.items[].metadata.labels'];

  it('accepts an answer that uses documented fields only, fewer of them, and any map keys', () => {
    const actual = {
      items: [
        { metadata: { name: 'c', labels: { 'karpenter.sh/nodepool': 'd' } } },
      ],
    };
    expect(undocumentedShape(documented, actual, maps)).toEqual([]);
  });

  it('names a field no documented body has', () => {
    const actual = { items: [{ metadata: { name: 'c', owner: 'me' } }] };
    expect(undocumentedShape(documented, actual, maps)).toEqual([
      { path: '$.items[].metadata.owner', problem: 'undocumented field' },
    ]);
  });

  it('names a type the documentation never shows for a field', () => {
    const actual = { items: [{ spec: { replicas: '2' } }] };
    expect(undocumentedShape(documented, actual, maps)).toEqual([
      {
        path: '$.items[].spec.replicas',
        problem: 'type string never documented (documented: number, null)',
      },
    ]);
  });

  it('treats label keys as field names when the path is not declared a map', () => {
    const actual = { items: [{ metadata: { labels: { team: 'y' } } }] };
    expect(undocumentedShape(documented, actual)).toEqual([
      { path: '$.items[].metadata.labels.team', problem: 'undocumented field' },
    ]);
  });
});

describe('contract files', () => {
  it('every contract names its source and variant and parses', () => {
    const upstreams = contractUpstreams();
    for (const upstream of upstreams) {
      for (const c of loadContracts(upstream)) {
        expect(c.variant.length).toBeGreaterThan(5);
        expect(c.request.path.startsWith('/')).toBe(true);
      }
    }
  });
});

describe('serveReplay', () => {
  it('answers the documented body over HTTP and records the request', async () => {
    const server = await serveReplay([
      { method: 'GET', path: '/api/v1/applications', body: { items: [] } },
    ]);
    try {
      const ok = await fetch(`${server.baseUrl}/api/v1/applications?project=a`);
      expect(await ok.json()).toEqual({ items: [] });
      const missing = await fetch(`${server.baseUrl}/other`);
      expect(missing.status).toBe(404);
      expect(server.requests).toEqual([
        'GET /api/v1/applications?project=a',
        'GET /other',
      ]);
    } finally {
      await server.close();
    }
  });
});
